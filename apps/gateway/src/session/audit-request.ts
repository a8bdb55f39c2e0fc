/** Audit events of requests the relay forwarded (everything but a decided tools/call, see tool-call.ts) or dropped. */
import { type AuditSubject, auditEvent } from "../audit/audit-event.js";
import type { RpcNotification } from "./messages.js";
import type { SessionServices } from "./services.js";

export const DROPPED_NOTIFICATION_REASON =
  "a request method sent without an id (as a notification) is never forwarded; send it with an id";
export const DUPLICATE_ID_REASON =
  "the request id is already in use by a request in progress in this session";

type Auditing = Pick<SessionServices, "audit" | "metrics">;

export function recordForwarded(
  services: Auditing,
  subject: AuditSubject,
  entry: { method: string; auditId: string; startedAt: number; tool?: string | undefined },
  decision: "allowed" | "upstream_error",
  upstreamStatus: string,
): void {
  services.audit.record(
    auditEvent(subject, {
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
  services: Auditing,
  subject: AuditSubject,
  note: RpcNotification,
  reason: string,
  decision: "denied" | "upstream_error" = "denied",
): void {
  const call = note.method === "tools/call";
  const tool = call ? note.params?.name : undefined;
  services.metrics.decision(decision);
  services.audit.record(
    auditEvent(subject, {
      method: note.method,
      tool: typeof tool === "string" ? tool : undefined,
      decision,
      reason,
      startedAt: Date.now(),
      arguments: { value: call ? note.params?.arguments : undefined, record: "keys" },
    }),
  );
}
