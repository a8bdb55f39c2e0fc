// A policy's published version in force and its draft.
import type { AccountContext } from "../context";
import { findPolicy } from "./find-policy";

export interface TPolicyState {
  policyId: string;
  name: string;
  isDefault: boolean;
  serverId: string;
  version: number | null;
  policy: unknown;
  comment: string | null;
  publishedAt: string | null;
  draft: unknown;
  draftUpdatedAt: string | null;
}

export async function getPolicy(
  ctx: AccountContext,
  serverIdOrSlug: string,
  policyId?: string,
): Promise<TPolicyState> {
  const { policy } = await findPolicy(ctx, serverIdOrSlug, policyId);
  const current =
    policy.currentVersion === null
      ? null
      : await ctx.db.policyVersion.findUnique({
          where: { policyId_number: { policyId: policy.id, number: policy.currentVersion } },
        });
  return {
    policyId: policy.id,
    name: policy.name,
    isDefault: policy.isDefault,
    serverId: policy.serverId,
    version: current?.number ?? null,
    policy: current?.document ?? null,
    comment: current?.comment ?? null,
    publishedAt: current?.createdAt.toISOString() ?? null,
    draft: policy.draft,
    draftUpdatedAt: policy.draftUpdatedAt?.toISOString() ?? null,
  };
}
