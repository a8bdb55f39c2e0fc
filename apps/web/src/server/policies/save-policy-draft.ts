// Saves a policy's draft: validated, stored, not enforced.
import type { Prisma } from "@gatehouse/db";
import type { AccountContext } from "../context";
import { findPolicy } from "./find-policy";
import { validateDocument } from "./validate-document";

export async function savePolicyDraft(
  ctx: AccountContext,
  serverIdOrSlug: string,
  document: unknown,
  policyId?: string,
): Promise<{ draft: unknown; draftUpdatedAt: string }> {
  const { policy } = await findPolicy(ctx, serverIdOrSlug, policyId);
  const valid = validateDocument(document);
  const updated = await ctx.db.policy.update({
    where: { id: policy.id },
    data: {
      draft: valid as unknown as Prisma.InputJsonObject,
      draftUpdatedAt: new Date(),
      draftUpdatedById: ctx.actor.userId,
    },
  });
  return {
    draft: updated.draft,
    draftUpdatedAt: updated.draftUpdatedAt?.toISOString() ?? new Date().toISOString(),
  };
}
