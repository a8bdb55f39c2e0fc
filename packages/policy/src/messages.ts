/**
 * The agent-facing texts and `_meta` payloads of DESIGN §4, shared by the gateway and the simulator so
 * that what the simulator shows is exactly what an agent would read.
 */
import type { PolicyDecision } from "./decision";

/** The audit log's decision vocabulary. */
export const AUDIT_DECISIONS = [
  "allowed",
  "denied",
  "hidden",
  "rate_limited",
  "approval_pending",
  "approved",
  "approval_denied",
  "approval_expired",
  "upstream_error",
] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

/** JSON-RPC error code for a call to a hidden, default-denied or unknown tool. */
export const UNKNOWN_TOOL_ERROR_CODE = -32602;
/**
 * JSON-RPC error code for a refused task-augmented call (MCP 2025-11-25 tasks). A receiver that accepts such a
 * call must answer with a CreateTaskResult, so a refusal cannot be a tool result: it is this error, with the
 * same text, and the decision in `error.data` under DECISION_META_KEY.
 */
export const REFUSED_TASK_ERROR_CODE = -32003;
/** The `_meta` key refused calls carry. */
export const DECISION_META_KEY = "gatehouse/decision";

export function unknownToolMessage(tool: string): string {
  return `Unknown tool: ${tool}`;
}

export function deniedMessage(reason?: string): string {
  return reason ? `Denied by policy: ${reason}` : "Denied by policy.";
}

export function rateLimitMessage(spec: { max: number; window: number }, retryAfterSeconds: number): string {
  return `Rate limit exceeded: ${spec.max} calls per ${spec.window} s; retry in ${retryAfterSeconds} s`;
}

export function approvalPendingMessage(approvalId: string): string {
  return `Approval pending (id ${approvalId}): a person must approve this call; retry the same call after approval.`;
}

export function approverDeniedMessage(note?: string): string {
  return note ? `Denied by approver: ${note}` : "Denied by approver.";
}

export function approvalExpiredMessage(): string {
  return "Approval expired";
}

/** What the engine's decision is called in the audit log before counting or approval happen. */
export function auditDecisionOf(decision: PolicyDecision): AuditDecision {
  switch (decision.kind) {
    case "allow":
      return "allowed";
    case "deny":
      return "denied";
    case "hidden":
      return "hidden";
    case "require_approval":
      return "approval_pending";
  }
}

export interface DecisionMeta {
  decision: AuditDecision;
  rule: string;
  reason?: string;
  retryAfter?: number;
  approvalId?: string;
}

/** The `_meta["gatehouse/decision"]` payload of a refused call. */
export function decisionMeta(
  decision: AuditDecision,
  rule: string,
  extra: { reason?: string; retryAfter?: number; approvalId?: string } = {},
): DecisionMeta {
  const meta: DecisionMeta = { decision, rule };
  if (extra.reason !== undefined) meta.reason = extra.reason;
  if (extra.retryAfter !== undefined) meta.retryAfter = extra.retryAfter;
  if (extra.approvalId !== undefined) meta.approvalId = extra.approvalId;
  return meta;
}
