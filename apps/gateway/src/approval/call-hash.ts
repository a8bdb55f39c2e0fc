/**
 * The hash an approval is bound to (DESIGN §4): agent, tool and canonical arguments — and the server, so an
 * approval given for a call on one server (staging) is never consumed by the same call on another (prod) — plus,
 * for the `anonymous` agent, the session.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "@gatehouse/policy/hash";

export interface ServerCallHashParts {
  serverId: string;
  agentId: string;
  tool: string;
  arguments: unknown;
  /** Set for the `anonymous` agent, whose approvals are bound to the session too. */
  sessionId?: string;
}

/** sha256 (hex) of the canonical JSON of the parts (version 2: version 1 did not name the server). */
export function serverCallHash(parts: ServerCallHashParts): string {
  const canonical = canonicalJson({
    v: 2,
    serverId: parts.serverId,
    agentId: parts.agentId,
    tool: parts.tool,
    arguments: parts.arguments ?? {},
    sessionId: parts.sessionId ?? null,
  });
  return createHash("sha256").update(canonical).digest("hex");
}
