// Restoring publishes an old version's document again as a new version (history stays append-only).
import type { AccountContext } from "../context";
import { notFound } from "../errors";
import { findPolicy } from "./find-policy";
import { publishPolicy, type TPublishedVersion } from "./publish-policy";

export async function restorePolicyVersion(
  ctx: AccountContext,
  serverIdOrSlug: string,
  number: number,
  policyId?: string,
): Promise<TPublishedVersion> {
  const { policy } = await findPolicy(ctx, serverIdOrSlug, policyId);
  if (!Number.isInteger(number)) throw notFound("Version");
  const version = await ctx.db.policyVersion.findUnique({
    where: { policyId_number: { policyId: policy.id, number } },
  });
  if (!version) throw notFound("Version");
  return publishPolicy(ctx, serverIdOrSlug, {
    document: version.document,
    comment: `Restored version ${number}`,
    policyId: policy.id,
    restoredFrom: number,
  });
}
