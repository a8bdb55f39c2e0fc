/**
 * A call that needs a person's approval (DESIGN §4): an approval already given for the same call is used once;
 * otherwise an approval request is filed (and announced by webhook and to approvers by mail), and the call is held for up to `hold`
 * seconds, with progress notifications while it waits, and answered by what the person decided.
 */
import {
  approvalExpiredMessage,
  approvalPendingMessage,
  approverDeniedMessage,
  deniedMessage,
  type PolicyDecision,
} from "@gatehouse/policy";
import { serverCallHash } from "../approval/call-hash.js";
import { sendApprovalWebhook } from "../approval/webhook.js";
import { argumentKeys } from "../audit/redact.js";
import { AccessRevoked, notSent, SessionEnding } from "./access.js";
import { record, refuse, type ToolCall } from "./call-outcome.js";
import { forwardApproved, forwardCounted } from "./forward-call.js";
import { progressNotification } from "./messages.js";

type ApprovalDecision = Extract<PolicyDecision, { kind: "require_approval" }>;

export async function holdForApproval(call: ToolCall, decision: ApprovalDecision): Promise<void> {
  const { session, caller, request, tool, services } = call;
  const { approvals } = services;
  const hash = serverCallHash({
    serverId: caller.server.id,
    agentId: caller.agent.id,
    tool,
    arguments: call.args ?? {},
    ...(caller.agent.isAnonymous ? { sessionId: session.id } : {}),
  });
  const used = await approvals.consumeApproved(caller.account.id, caller.server.id, hash);
  if (used) {
    await forwardCounted(call, "approved", decision.rule, decision.rateLimit, used);
    return;
  }
  const approval = await approvals.requestFor({
    organizationId: caller.account.id,
    serverId: caller.server.id,
    agentId: caller.agent.id,
    policyId: caller.policy?.id,
    policyVersion: caller.policy?.version,
    tool,
    callHash: hash,
    arguments: call.args ?? {},
    argumentKeys: argumentKeys(call.args),
    sessionId: session.id,
    rule: decision.rule,
    reason: decision.reason,
    timeoutSeconds: decision.approval.timeout,
  });
  const approvalId = approval.id;
  if (approval.created) {
    services.approvalMail.announce({
      approvalId,
      accountId: caller.account.id,
      accountSlug: caller.account.slug,
      server: caller.server.slug,
      agent: caller.agent.name,
      tool,
      argumentKeys: argumentKeys(call.args),
      rule: decision.rule,
      reason: decision.reason,
      expiresAt: approval.expiresAt,
    });
  }
  if (approval.created && caller.account.approvalWebhook) {
    sendApprovalWebhook(
      caller.account.approvalWebhook,
      {
        type: "approval.requested",
        approval: {
          id: approvalId,
          account: caller.account.slug,
          server: caller.server.slug,
          agent: caller.agent.name,
          tool,
          argumentKeys: argumentKeys(call.args),
          rule: decision.rule,
          reason: decision.reason,
          expiresAt: approval.expiresAt.toISOString(),
        },
      },
      { allowPrivate: services.config.allowPrivateUpstreams, log: services.log },
    );
  }
  const signal = session.hold(request.id);
  const token = (request.params?._meta as { progressToken?: string | number } | undefined)?.progressToken;
  let ticks = 0;
  const onTick =
    token === undefined
      ? undefined
      : () => {
          ticks += 1;
          void session.reply(progressNotification(token, ticks, "Waiting for approval"), request.id);
        };
  const outcome = await approvals.hold(approvalId, decision.approval.hold * 1000, {
    signal,
    tickMs: services.config.approvalKeepAliveMs,
    ...(onTick ? { onTick } : {}),
  });
  session.release(request.id);
  // Aborted by the agent's cancellation, unless its session is ending (then the agent is told to retry).
  const cancelled = signal.aborted && !(signal.reason instanceof SessionEnding);
  const revoked = signal.reason instanceof AccessRevoked ? signal.reason : undefined;
  switch (outcome.kind) {
    case "approved":
      await forwardApproved(call, decision.rule, approvalId);
      return;
    case "denied":
      refuse(call, "approval_denied", approverDeniedMessage(outcome.note), decision.rule, {
        reason: outcome.note,
        approvalId,
      });
      return;
    case "expired":
      refuse(call, "approval_expired", approvalExpiredMessage(), decision.rule, { approvalId });
      return;
    case "pending":
      if (revoked) {
        const reason = notSent(revoked.message);
        refuse(call, "denied", deniedMessage(reason), decision.rule, { reason, approvalId });
        return;
      }
      if (cancelled) {
        record(call, "approval_pending", decision.rule, { approvalId, reason: decision.reason });
        return; // a cancelled request gets no answer; the approval request stays pending
      }
      refuse(call, "approval_pending", approvalPendingMessage(approvalId), decision.rule, {
        reason: decision.reason,
        approvalId,
      });
  }
}
