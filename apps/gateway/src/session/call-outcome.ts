/**
 * One tools/call as the call handler sees it, and how each of its outcomes is answered and audited: every
 * decided call is recorded once, under the audit id it got when it arrived.
 */
import { type AuditDecision, type DecisionMeta, decisionMeta } from "@gatehouse/policy";
import { auditEvent, auditSubject } from "../audit/audit-event.js";
import type { Caller } from "../auth/caller.js";
import type { CallSession } from "./call-session.js";
import { isTaskAugmented, type RpcRequest, refusalReply, taskRefusalReply } from "./messages.js";
import type { CallServices } from "./services.js";

export interface ToolCall {
  session: CallSession;
  services: CallServices;
  request: RpcRequest;
  /** Who calls, as last checked (a held call is checked again before it goes upstream). */
  caller: Caller;
  tool: string;
  args: unknown;
  auditId: string;
  startedAt: number;
}

export interface OutcomeDetail {
  reason?: string | undefined;
  retryAfter?: number;
  upstreamStatus?: string;
  approvalId?: string | undefined;
}

export function record(
  call: ToolCall,
  decision: AuditDecision,
  rule: string,
  extra: OutcomeDetail = {},
): void {
  const { services, caller } = call;
  services.metrics.decision(decision);
  const event = auditEvent(auditSubject(caller, call.session.id), {
    id: call.auditId,
    method: "tools/call",
    tool: call.tool,
    decision,
    rule,
    reason: extra.reason,
    startedAt: call.startedAt,
    upstreamStatus: extra.upstreamStatus,
    approvalId: extra.approvalId,
    arguments: { value: call.args, record: "keys" },
  });
  if (caller.account.storeArgumentValues) services.audit.recordWithValues(event, call.args);
  else services.audit.record(event);
}

/** A refused call: a tool result with isError (a task-augmented call: an error), the decision in its meta. */
export function refuse(
  call: ToolCall,
  decision: AuditDecision,
  text: string,
  rule: string,
  extra: OutcomeDetail = {},
): void {
  const meta: DecisionMeta = decisionMeta(decision, rule, {
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    ...(extra.retryAfter !== undefined ? { retryAfter: extra.retryAfter } : {}),
    ...(extra.approvalId !== undefined ? { approvalId: extra.approvalId } : {}),
  });
  record(call, decision, rule, extra);
  const reply = isTaskAugmented(call.request) ? taskRefusalReply : refusalReply;
  void call.session.reply(reply(call.request.id, text, meta), call.request.id);
}

/** A hidden tool is answered as the upstream answers for a tool it lacks, so the agent cannot tell it exists. */
export async function hide(call: ToolCall, rule: string, extra: OutcomeDetail = {}): Promise<void> {
  record(call, "hidden", rule, extra);
  await call.session.reply(await call.session.unknownToolReply(call.request), call.request.id);
}
