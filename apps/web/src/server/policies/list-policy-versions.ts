// A policy's version history, newest first, with authors.
import type { AccountContext } from "../context";
import { findPolicy } from "./find-policy";

export interface TPolicyVersionDto {
  version: number;
  comment: string | null;
  author: string | null;
  restoredFrom: number | null;
  current: boolean;
  publishedAt: string;
  policy: unknown;
}

export async function listPolicyVersions(
  ctx: AccountContext,
  serverIdOrSlug: string,
  policyId?: string,
): Promise<TPolicyVersionDto[]> {
  const { policy } = await findPolicy(ctx, serverIdOrSlug, policyId);
  const versions = await ctx.db.policyVersion.findMany({
    where: { organizationId: ctx.organizationId, policyId: policy.id },
    orderBy: { number: "desc" },
    take: 200,
  });
  const userIds = [...new Set(versions.flatMap((v) => (v.authorUserId ? [v.authorUserId] : [])))];
  const tokenIds = [...new Set(versions.flatMap((v) => (v.authorTokenId ? [v.authorTokenId] : [])))];
  const [users, tokens] = await Promise.all([
    ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
    ctx.db.apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true } }),
  ]);
  const emails = new Map(users.map((u) => [u.id, u.email]));
  const tokenNames = new Map(tokens.map((t) => [t.id, `token ${t.name}`]));
  return versions.map((v) => ({
    version: v.number,
    comment: v.comment,
    author:
      (v.authorUserId && emails.get(v.authorUserId)) ||
      (v.authorTokenId && tokenNames.get(v.authorTokenId)) ||
      null,
    restoredFrom: v.restoredFrom,
    current: v.number === policy.currentVersion,
    publishedAt: v.createdAt.toISOString(),
    policy: v.document,
  }));
}
