/**
 * Opens the client transport to a server's upstream for one agent session: the stored target (headers decrypted in
 * the snapshot, never the agent's own Authorization or cookies) or the caller's OAuth connection, the SSRF guard,
 * the stdio switch.
 */
import { createUpstreamTransport, type UpstreamAuthorization } from "@gatehouse/upstream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ServerSnapshot } from "../config/snapshot.js";

export interface UpstreamSwitches {
  allowPrivate: boolean;
  allowStdio: boolean;
}

export async function openUpstream(
  server: ServerSnapshot,
  switches: UpstreamSwitches,
  resume: { sessionId?: string | undefined; protocolVersion?: string | undefined } = {},
  /** An `oauth` server's connection for this caller (its token in the Authorization header, refreshed on 401). */
  authorization?: UpstreamAuthorization,
): Promise<Transport> {
  const target = authorization ? { ...server.target, authorization } : server.target;
  const transport = await createUpstreamTransport(target, {
    ...switches,
    ...(resume.sessionId ? { sessionId: resume.sessionId } : {}),
  });
  if (resume.protocolVersion) transport.setProtocolVersion?.(resume.protocolVersion);
  return transport;
}
