/** Audit events of requests the relay forwarded (everything but a decided tools/call, see tool-call.ts) or dropped. */

import { type AuditSubject, auditEvent } from "../audit/audit-event.js";
import type { RpcNotification } from "./messages.js";
import type { RelaySession } from "./relay-session.js";

export const DROPPED_NOTIFICATION_REASON =
  "a request method sent without an id (as a notification) is never forwarded; send it with an id";
export const DUPLICATE_ID_REASON =
  "the request id is already in use by a request in progress in this session";

/** Who a session's events are about: its identity, and its agent's name while the account still has the agent. */
export function auditSubject(session: RelaySession): AuditSubject {
  const { identity } = session;
  return {
    accountId: identity.accountId,
    serverId: identity.serverId,
    serverSlug: identity.serverSlug,
    agentId: identity.agentId,
    agentName: session.context()?.agent.name,
    sessionId: session.id,
  };
}

export function recordForwarded(
  session: RelaySession,
  entry: { method: string; auditId: string; startedAt: number; tool?: string },
  decision: "allowed" | "upstream_error",
  upstreamStatus: string,
): void {
  session.deps.audit.record(
    auditEvent(auditSubject(session), {
      id: entry.auditId,
      method: entry.method,
      tool: entry.tool,
      decision,
      startedAt: entry.startedAt,
      upstreamStatus,
    }),
  );
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
  const call = note.method === "tools/call";
  const tool = call ? note.params?.name : undefined;
  session.deps.metrics.decision(decision);
  session.deps.audit.record(
    auditEvent(auditSubject(session), {
      method: note.method,
      tool: typeof tool === "string" ? tool : undefined,
      decision,
      reason,
      startedAt: Date.now(),
      arguments: { value: call ? note.params?.arguments : undefined, record: "keys" },
    }),
  );
}
