/**
 * Deciding one tools/call (DESIGN §4): hidden → "Unknown tool", deny → refusal, rate limit counted only for calls
 * that go upstream, require_approval → held until a person decides. Every outcome is audited and counted.
 */
import {
  type AuditDecision,
  approvalExpiredMessage,
  approvalPendingMessage,
  approverDeniedMessage,
  type DecisionMeta,
  decisionMeta,
  deniedMessage,
  type PolicyDecision,
  type RateLimitSpec,
  rateLimitCounterKey,
  rateLimitMessage,
} from "@gatehouse/policy";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import { serverCallHash } from "../approval/call-hash.js";
import { sendApprovalWebhook } from "../approval/webhook.js";
import { auditEvent } from "../audit/audit-event.js";
import { argumentKeys } from "../audit/redact.js";
import { uuidv7 } from "../ids.js";
import { AccessRevoked, accessRevoked, notSent, SessionEnding } from "./access.js";
import {
  errorReply,
  errorText,
  idKey,
  isTaskAugmented,
  progressNotification,
  type RequestId,
  type RpcRequest,
  refusalReply,
  taskRefusalReply,
} from "./messages.js";
import type { RelaySession, SessionContext } from "./relay-session.js";

interface CallState {
  session: RelaySession;
  request: RpcRequest;
  /** The agent key the call came with (undefined for a public server's anonymous agent). */
  keyId: string | undefined;
  ctx: SessionContext;
  tool: string;
  args: unknown;
  auditId: string;
  startedAt: number;
}

const NO_POLICY_RULE = "/";

export async function handleToolCall(
  session: RelaySession,
  request: RpcRequest,
  keyId: string | undefined,
): Promise<void> {
  const startedAt = Date.now();
  const ctx = session.context();
  const tool = request.params?.name;
  if (!ctx || typeof tool !== "string") {
    await session.sendDownstream(errorReply(request.id, RPC_ANSWERS.toolNameRequired), request.id);
    return;
  }
  const state: CallState = {
    session,
    request,
    keyId,
    ctx,
    tool,
    args: request.params?.arguments,
    auditId: uuidv7(startedAt),
    startedAt,
  };
  const compiled = ctx.policy?.compiled;
  if (!compiled) {
    refuse(state, "denied", deniedMessage("no policy is published for this server"), NO_POLICY_RULE, {
      reason: "no policy is published for this server",
    });
    return;
  }
  if (session.toolView.isPinnedHidden(tool, ctx)) {
    await hide(state, "/pin_tools", { reason: "the tool's definition changed and awaits acceptance" });
    return;
  }
  const decision: PolicyDecision = compiled.decide({ tool, arguments: state.args });
  try {
    switch (decision.kind) {
      case "hidden":
        await hide(state, decision.rule);
        return;
      case "deny":
        refuse(state, "denied", deniedMessage(decision.reason), decision.rule, { reason: decision.reason });
        return;
      case "allow":
        await forwardCounted(state, "allowed", decision.rule, decision.rateLimit, undefined);
        return;
      case "require_approval":
        await holdForApproval(state, decision);
        return;
    }
  } catch (error: unknown) {
    session.deps.log.error(
      { session: session.id, tool, err: errorText(error) },
      "tools/call handling failed",
    );
    record(state, "upstream_error", decision.rule, { reason: "gateway error" });
    await session.sendDownstream(errorReply(request.id, RPC_ANSWERS.gatewayError), request.id);
  }
}

async function forwardCounted(
  state: CallState,
  decision: "allowed" | "approved",
  rule: string,
  rateLimit: RateLimitSpec | undefined,
  approvalId: string | undefined,
): Promise<void> {
  if (rateLimit) {
    const { ctx, session } = state;
    const key = rateLimitCounterKey(
      rateLimit,
      { accountId: ctx.account.id, agentId: ctx.agent.id, sessionId: session.id },
      ctx.policy?.id ?? "",
    );
    const hit = await session.deps.state.rateLimits
      .hit(key, rateLimit)
      .catch(() => ({ allowed: false, count: 0, retryAfterSeconds: 1 }));
    if (!hit.allowed) {
      refuse(state, "rate_limited", rateLimitMessage(rateLimit, hit.retryAfterSeconds), rule, {
        retryAfter: hit.retryAfterSeconds,
      });
      return;
    }
  }
  state.session.forward(state.request, {
    tool: state.tool,
    auditId: state.auditId,
    onDone: ({ ok, status }) => {
      record(state, ok ? decision : "upstream_error", rule, { upstreamStatus: status, approvalId });
    },
  });
}

async function holdForApproval(
  state: CallState,
  decision: Extract<PolicyDecision, { kind: "require_approval" }>,
): Promise<void> {
  const { session, ctx, request, tool } = state;
  const approvals = session.deps.approvals;
  const hash = serverCallHash({
    serverId: ctx.server.id,
    agentId: ctx.agent.id,
    tool,
    arguments: state.args ?? {},
    ...(ctx.agent.isAnonymous ? { sessionId: session.id } : {}),
  });
  const used = await approvals.consumeApproved(ctx.account.id, ctx.server.id, hash);
  if (used) {
    await forwardCounted(state, "approved", decision.rule, decision.rateLimit, used);
    return;
  }
  const approval = await approvals.requestFor({
    organizationId: ctx.account.id,
    serverId: ctx.server.id,
    agentId: ctx.agent.id,
    policyId: ctx.policy?.id,
    policyVersion: ctx.policy?.version,
    tool,
    callHash: hash,
    arguments: state.args ?? {},
    argumentKeys: argumentKeys(state.args),
    sessionId: session.id,
    rule: decision.rule,
    reason: decision.reason,
    timeoutSeconds: decision.approval.timeout,
  });
  const approvalId = approval.id;
  if (approval.created && ctx.account.approvalWebhook) {
    sendApprovalWebhook(
      ctx.account.approvalWebhook,
      {
        type: "approval.requested",
        approval: {
          id: approvalId,
          account: ctx.account.slug,
          server: ctx.server.slug,
          agent: ctx.agent.name,
          tool,
          argumentKeys: argumentKeys(state.args),
          rule: decision.rule,
          reason: decision.reason,
          expiresAt: approval.expiresAt.toISOString(),
        },
      },
      { allowPrivate: session.deps.config.allowPrivateUpstreams, log: session.deps.log },
    );
  }
  const controller = new AbortController();
  const key = idKey(request.id);
  session.held.set(key, controller);
  const token = (request.params?._meta as { progressToken?: string | number } | undefined)?.progressToken;
  let ticks = 0;
  const onTick =
    token === undefined
      ? undefined
      : () => {
          ticks += 1;
          void session.sendDownstream(progressNotification(token, ticks, "Waiting for approval"), request.id);
        };
  const outcome = await approvals.hold(approvalId, decision.approval.hold * 1000, {
    signal: controller.signal,
    tickMs: session.deps.config.approvalKeepAliveMs,
    ...(onTick ? { onTick } : {}),
  });
  session.held.delete(key);
  // Aborted by the agent's cancellation, unless its session is ending (then the agent is told to retry).
  const cancelled = controller.signal.aborted && !(controller.signal.reason instanceof SessionEnding);
  const revoked = controller.signal.reason instanceof AccessRevoked ? controller.signal.reason : undefined;
  switch (outcome.kind) {
    case "approved":
      await forwardApproved(state, decision.rule, approvalId);
      return;
    case "denied":
      refuse(state, "approval_denied", approverDeniedMessage(outcome.note), decision.rule, {
        reason: outcome.note,
        approvalId,
      });
      return;
    case "expired":
      refuse(state, "approval_expired", approvalExpiredMessage(), decision.rule, { approvalId });
      return;
    case "pending":
      if (revoked) {
        const reason = notSent(revoked.message);
        refuse(state, "denied", deniedMessage(reason), decision.rule, { reason, approvalId });
        return;
      }
      if (cancelled) {
        record(state, "approval_pending", decision.rule, { approvalId, reason: decision.reason });
        return; // a cancelled request gets no answer; the approval request stays pending
      }
      refuse(state, "approval_pending", approvalPendingMessage(approvalId), decision.rule, {
        reason: decision.reason,
        approvalId,
      });
  }
}

/**
 * An approved call goes upstream only if it still could: a hold lasts up to minutes, and meanwhile its key may have
 * been revoked, the agent or server suspended, or a policy published that denies or hides the tool. The decision
 * is made again on what is in force now; the approval stands in for any approval it asks for.
 */
async function forwardApproved(state: CallState, heldRule: string, approvalId: string): Promise<void> {
  const { session } = state;
  const ctx = session.context(state.ctx);
  const gone = ctx
    ? accessRevoked(ctx, state.keyId ? [state.keyId] : [])
    : "this server is no longer available";
  if (!ctx || gone) {
    const reason = notSent(gone ?? "");
    refuse(state, "denied", deniedMessage(reason), heldRule, { reason, approvalId });
    return;
  }
  state.ctx = ctx;
  const compiled = ctx.policy?.compiled;
  if (!compiled) {
    const reason = "no policy is published for this server";
    refuse(state, "denied", deniedMessage(reason), NO_POLICY_RULE, { reason, approvalId });
    return;
  }
  const pinned = session.toolView.isPinnedHidden(state.tool, ctx);
  const now: PolicyDecision = pinned
    ? { kind: "hidden", rule: "/pin_tools" }
    : compiled.decide({ tool: state.tool, arguments: state.args });
  switch (now.kind) {
    case "hidden":
      await hide(state, now.rule, { approvalId });
      return;
    case "deny":
      refuse(state, "denied", deniedMessage(now.reason), now.rule, { reason: now.reason, approvalId });
      return;
    default:
      await forwardCounted(state, "approved", now.rule, now.rateLimit, approvalId);
  }
}

/** A hidden tool is answered as an unknown one, so that the agent cannot tell it exists. */
async function hide(
  state: CallState,
  rule: string,
  extra: { reason?: string; approvalId?: string } = {},
): Promise<void> {
  record(state, "hidden", rule, extra);
  await state.session.sendDownstream(
    errorReply(state.request.id, RPC_ANSWERS.unknownTool(state.tool)),
    state.request.id,
  );
}

function refuse(
  state: CallState,
  decision: AuditDecision,
  text: string,
  rule: string,
  extra: { reason?: string | undefined; retryAfter?: number; approvalId?: string },
): void {
  const meta: DecisionMeta = decisionMeta(decision, rule, {
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    ...(extra.retryAfter !== undefined ? { retryAfter: extra.retryAfter } : {}),
    ...(extra.approvalId !== undefined ? { approvalId: extra.approvalId } : {}),
  });
  record(state, decision, rule, extra);
  const reply = isTaskAugmented(state.request) ? taskRefusalReply : refusalReply;
  void state.session.sendDownstream(reply(state.request.id as RequestId, text, meta), state.request.id);
}

function record(
  state: CallState,
  decision: AuditDecision,
  rule: string,
  extra: { reason?: string | undefined; upstreamStatus?: string; approvalId?: string | undefined } = {},
): void {
  const { session, ctx } = state;
  session.deps.metrics.decision(decision);
  session.deps.audit.record(
    auditEvent(
      {
        accountId: ctx.account.id,
        serverId: ctx.server.id,
        serverSlug: ctx.server.slug,
        agentId: ctx.agent.id,
        agentName: ctx.agent.name,
        sessionId: session.id,
      },
      {
        id: state.auditId,
        method: "tools/call",
        tool: state.tool,
        decision,
        rule,
        reason: extra.reason,
        startedAt: state.startedAt,
        upstreamStatus: extra.upstreamStatus,
        approvalId: extra.approvalId,
        arguments: { value: state.args, record: ctx.account.storeArgumentValues ? "values" : "keys" },
      },
    ),
  );
}

export type { JSONRPCMessage };
