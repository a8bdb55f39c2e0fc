/** Which upstream OAuth connection a server's calls use, as audit records it (DESIGN §10 "Upstream"). */
import type { ServerSnapshot } from "../config/snapshot.js";

export type ConnectionKind = "shared" | "agent";

export function connectionKind(server: ServerSnapshot): ConnectionKind | undefined {
  if (!server.oauth) return undefined;
  return server.oauth.mode === "shared" ? "shared" : "agent";
}
