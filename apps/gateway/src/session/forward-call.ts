/**
 * Sending a decided tools/call upstream: the rate limit is counted here, for calls that go upstream only, and an
 * approved call is decided again on what is in force when its approval comes.
 */
import {
  deniedMessage,
  type PolicyDecision,
  type RateLimitSpec,
  rateLimitCounterKey,
  rateLimitMessage,
} from "@gatehouse/policy";
import { accessRevoked, notSent } from "./access.js";
import { hide, record, refuse, type ToolCall } from "./call-outcome.js";

export const NO_POLICY_RULE = "/";
export const NO_POLICY_REASON = "no policy is published for this server";

export async function forwardCounted(
  call: ToolCall,
  decision: "allowed" | "approved",
  rule: string,
  rateLimit: RateLimitSpec | undefined,
  approvalId: string | undefined,
): Promise<void> {
  if (rateLimit) {
    const { caller, session } = call;
    const key = rateLimitCounterKey(
      rateLimit,
      { accountId: caller.account.id, agentId: caller.agent.id, sessionId: session.id },
      caller.policy?.id ?? "",
    );
    const hit = await call.services.state.rateLimits
      .hit(key, rateLimit)
      .catch(() => ({ allowed: false, count: 0, retryAfterSeconds: 1 }));
    if (!hit.allowed) {
      refuse(call, "rate_limited", rateLimitMessage(rateLimit, hit.retryAfterSeconds), rule, {
        retryAfter: hit.retryAfterSeconds,
      });
      return;
    }
  }
  call.session.forward(call.request, {
    tool: call.tool,
    auditId: call.auditId,
    onDone: ({ ok, status }) => {
      record(call, ok ? decision : "upstream_error", rule, { upstreamStatus: status, approvalId });
    },
  });
}

/**
 * An approved call goes upstream only if it still could: a hold lasts up to minutes, and meanwhile its key may have
 * been revoked, the agent or server suspended, or a policy published that denies or hides the tool. The decision
 * is made again on what is in force now; the approval stands in for any approval it asks for.
 */
export async function forwardApproved(call: ToolCall, heldRule: string, approvalId: string): Promise<void> {
  const { session } = call;
  const keyId = call.caller.keyId;
  const caller = session.context(keyId, call.caller);
  const gone = caller ? accessRevoked(caller, keyId ? [keyId] : []) : "this server is no longer available";
  if (!caller || gone) {
    const reason = notSent(gone ?? "");
    refuse(call, "denied", deniedMessage(reason), heldRule, { reason, approvalId });
    return;
  }
  call.caller = caller;
  const compiled = caller.policy?.compiled;
  if (!compiled) {
    refuse(call, "denied", deniedMessage(NO_POLICY_REASON), NO_POLICY_RULE, {
      reason: NO_POLICY_REASON,
      approvalId,
    });
    return;
  }
  const now: PolicyDecision = session.pinnedHidden(call.tool, caller)
    ? { kind: "hidden", rule: "/pin_tools" }
    : compiled.decide({ tool: call.tool, arguments: call.args });
  switch (now.kind) {
    case "hidden":
      await hide(call, now.rule, { approvalId });
      return;
    case "deny":
      refuse(call, "denied", deniedMessage(now.reason), now.rule, { reason: now.reason, approvalId });
      return;
    default:
      await forwardCounted(call, "approved", now.rule, now.rateLimit, approvalId);
  }
}
