/**
 * Deciding one tools/call (DESIGN §4): hidden → "Unknown tool", deny → refusal, rate limit counted only for calls
 * that go upstream (forward-call.ts), require_approval → held until a person decides (hold-for-approval.ts). Every
 * outcome is audited and counted (call-outcome.ts). The handler sees the session only through CallSession.
 */
import { deniedMessage, type PolicyDecision } from "@gatehouse/policy";
import { RPC_ANSWERS } from "../answers.js";
import { uuidv7 } from "../ids.js";
import { hide, record, refuse, type ToolCall } from "./call-outcome.js";
import type { CallSession } from "./call-session.js";
import { forwardCounted, NO_POLICY_REASON, NO_POLICY_RULE } from "./forward-call.js";
import { holdForApproval } from "./hold-for-approval.js";
import { errorReply, errorText, type RpcRequest } from "./messages.js";
import type { CallServices } from "./services.js";

export async function handleToolCall(
  session: CallSession,
  services: CallServices,
  request: RpcRequest,
  keyId: string | undefined,
): Promise<void> {
  const startedAt = Date.now();
  const caller = session.context(keyId);
  const tool = request.params?.name;
  if (!caller || typeof tool !== "string") {
    await session.reply(errorReply(request.id, RPC_ANSWERS.toolNameRequired), request.id);
    return;
  }
  const call: ToolCall = {
    session,
    services,
    request,
    caller,
    tool,
    args: request.params?.arguments,
    auditId: uuidv7(startedAt),
    startedAt,
  };
  const compiled = caller.policy?.compiled;
  if (!compiled) {
    refuse(call, "denied", deniedMessage(NO_POLICY_REASON), NO_POLICY_RULE, { reason: NO_POLICY_REASON });
    return;
  }
  if (session.pinnedHidden(tool, caller)) {
    await hide(call, "/pin_tools", { reason: "the tool's definition changed and awaits acceptance" });
    return;
  }
  const decision: PolicyDecision = compiled.decide({ tool, arguments: call.args });
  try {
    switch (decision.kind) {
      case "hidden":
        await hide(call, decision.rule);
        return;
      case "deny":
        refuse(call, "denied", deniedMessage(decision.reason), decision.rule, { reason: decision.reason });
        return;
      case "allow":
        await forwardCounted(call, "allowed", decision.rule, decision.rateLimit, undefined);
        return;
      case "require_approval":
        await holdForApproval(call, decision);
        return;
    }
  } catch (error: unknown) {
    services.log.error({ session: session.id, tool, err: errorText(error) }, "tools/call handling failed");
    record(call, "upstream_error", decision.rule, { reason: "gateway error" });
    await session.reply(errorReply(request.id, RPC_ANSWERS.gatewayError), request.id);
  }
}
