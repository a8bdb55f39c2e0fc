/** Audit events of requests the relay forwarded (everything but a decided tools/call, see tool-call.ts) or dropped. */

import { argumentKeys } from "../audit/redact.js";
import { uuidv7 } from "../audit/uuidv7.js";
import type { RpcNotification } from "./messages.js";
import type { RelaySession } from "./relay-session.js";

export const DROPPED_NOTIFICATION_REASON =
  "a request method sent without an id (as a notification) is never forwarded; send it with an id";
export const DUPLICATE_ID_REASON =
  "the request id is already in use by a request in progress in this session";

export function recordForwarded(
  session: RelaySession,
  entry: { method: string; auditId: string; startedAt: number; tool?: string },
  decision: "allowed" | "upstream_error",
  upstreamStatus: string,
): void {
  const ctx = session.context();
  session.deps.audit.record({
    id: entry.auditId,
    organizationId: session.identity.accountId,
    serverId: session.identity.serverId,
    serverSlug: session.identity.serverSlug,
    agentId: session.identity.agentId,
    ...(ctx ? { agentName: ctx.agent.name } : {}),
    sessionId: session.id,
    method: entry.method,
    ...(entry.tool ? { tool: entry.tool } : {}),
    decision,
    latencyMs: Date.now() - entry.startedAt,
    upstreamStatus,
    argumentKeys: [],
    createdAt: new Date(entry.startedAt).toISOString(),
  });
}

/**
 * A message the relay refused without forwarding it (denied): a request method sent without an id, or a request
 * whose id is already in use.
 */
export function recordRefused(
  session: RelaySession,
  note: RpcNotification,
  reason: string,
  decision: "denied" | "upstream_error" = "denied",
): void {
  const ctx = session.context();
  const now = Date.now();
  const tool = note.method === "tools/call" ? note.params?.name : undefined;
  const args = note.method === "tools/call" ? note.params?.arguments : undefined;
  session.deps.metrics.decision(decision);
  session.deps.audit.record({
    id: uuidv7(now),
    organizationId: session.identity.accountId,
    serverId: session.identity.serverId,
    serverSlug: session.identity.serverSlug,
    agentId: session.identity.agentId,
    ...(ctx ? { agentName: ctx.agent.name } : {}),
    sessionId: session.id,
    method: note.method,
    ...(typeof tool === "string" ? { tool } : {}),
    decision,
    reason,
    latencyMs: 0,
    argumentKeys: argumentKeys(args),
    createdAt: new Date(now).toISOString(),
  });
}
