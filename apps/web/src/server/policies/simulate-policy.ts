// The simulator ("would this call pass?") and the replay of recent audited calls against a draft.
import {
  type AuditDecision,
  type RecordedCall,
  replayCalls,
  replaySummary,
  simulateCall,
} from "@gatehouse/policy";
import { z } from "zod";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { findPolicy } from "./find-policy";
import { validateDocument } from "./validate-document";

export const ZSimulateSchema = z
  .object({
    tool: z.string().min(1).max(200).optional(),
    arguments: z.record(z.string(), z.unknown()).optional(),
    draft: z.unknown().optional(),
    replay: z.coerce.number().int().min(1).max(10_000).optional(),
    policyId: z.string().uuid().optional(),
  })
  .strict()
  .refine((value) => value.tool !== undefined || value.replay !== undefined, {
    message: "Send {tool, arguments} or {draft, replay: N}",
  });
export type TSimulate = z.input<typeof ZSimulateSchema>;

export async function simulatePolicy(ctx: AccountContext, serverIdOrSlug: string, input: TSimulate) {
  const data = ZSimulateSchema.parse(input);
  const { server, policy } = await findPolicy(ctx, serverIdOrSlug, data.policyId);
  const currentVersion =
    policy.currentVersion === null
      ? null
      : await ctx.db.policyVersion.findUnique({
          where: { policyId_number: { policyId: policy.id, number: policy.currentVersion } },
        });
  const current = currentVersion ? validateDocument(currentVersion.document) : null;
  const draftSource = data.draft ?? policy.draft ?? currentVersion?.document;
  if (draftSource === undefined || draftSource === null) {
    throw new AppError("validation_failed", "There is no draft or published policy to simulate", [
      { path: "/draft", message: "send a draft policy" },
    ]);
  }
  const draft = validateDocument(draftSource);
  if (data.tool !== undefined) {
    const result = simulateCall(draft, { tool: data.tool, arguments: data.arguments ?? {} });
    return {
      tool: data.tool,
      decision: result.outcome,
      rule: result.decision.rule,
      reason: "reason" in result.decision ? (result.decision.reason ?? null) : null,
      visible: result.visible,
      agentText: result.agentText,
      explanation: result.explanation,
    };
  }
  const events = await ctx.db.auditEvent.findMany({
    where: {
      organizationId: ctx.organizationId,
      serverId: server.id,
      method: "tools/call",
      tool: { not: null },
    },
    orderBy: { createdAt: "desc" },
    take: data.replay ?? 100,
    select: { id: true, tool: true, arguments: true, decision: true },
  });
  const calls: RecordedCall[] = events.map((event) => ({
    id: event.id,
    tool: event.tool ?? "",
    ...(event.arguments !== null ? { arguments: event.arguments } : {}),
    decision: event.decision as AuditDecision,
  }));
  const report = replayCalls(draft, calls, current ? { current } : {});
  return { replay: { ...report, summary: replaySummary(report) } };
}
