/**
 * Requests refused at the door for what the account set — the agent or the server suspended, the server out of the
 * agent's scope — are audited like refused calls (decision `denied`, the reason, no rule: no policy decided them),
 * so the activity log shows an agent that keeps calling after it was suspended. One event per JSON-RPC request in
 * the body (a notification, a GET stream or a DELETE is not a call); a tools/call keeps its tool and argument keys.
 */
import type { IncomingMessage } from "node:http";
import { auditEvent, auditSubject } from "../audit/audit-event.js";
import type { AuditRecord } from "../audit/audit-log.js";
import { MAX_NAME } from "../audit/redact.js";
import type { Caller } from "../auth/caller.js";
import { readJsonBody } from "./respond.js";

/** Where the events go: the audit log's methods the endpoint may use. */
export interface AuditSink {
  record(event: AuditRecord): void;
  /** The event with the call's argument values, redacted first (accounts that store them). */
  recordWithValues(event: AuditRecord, values: unknown): void;
}

interface RpcRequestLike {
  method: string;
  params?: { name?: unknown; arguments?: unknown };
}

function requestsIn(body: unknown): RpcRequestLike[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter(
    (message): message is RpcRequestLike =>
      !!message &&
      typeof message === "object" &&
      typeof (message as { method?: unknown }).method === "string" &&
      (message as { id?: unknown }).id !== undefined,
  );
}

export async function auditRefusal(
  audit: AuditSink,
  req: IncomingMessage,
  refused: { caller: Caller; reason: string },
  startedAt: number,
  maxBytes: number,
): Promise<void> {
  if (req.method !== "POST") return;
  // The body of a refused request is read only to name what was refused; one that cannot be read names nothing.
  const body = await readJsonBody(req, maxBytes).catch(() => undefined);
  const header = req.headers["mcp-session-id"];
  const sessionId = ((Array.isArray(header) ? header[0] : header) ?? "").slice(0, MAX_NAME);
  const subject = auditSubject(refused.caller, sessionId);
  for (const request of requestsIn(body)) {
    const call = request.method === "tools/call";
    const tool = call && typeof request.params?.name === "string" ? request.params.name : undefined;
    const args = call ? request.params?.arguments : undefined;
    const event = auditEvent(subject, {
      method: request.method,
      tool,
      decision: "denied",
      reason: refused.reason,
      startedAt,
      arguments: { value: args, record: call ? "keys" : "none" },
    });
    if (call && refused.caller.account.storeArgumentValues) audit.recordWithValues(event, args);
    else audit.record(event);
  }
}
