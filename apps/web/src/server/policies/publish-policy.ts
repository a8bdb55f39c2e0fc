// Publishing: one transaction inserts the next immutable version and points the policy at it; the database
// trigger appends a ConfigChange row, which is how every gateway learns of it within a second.
import { Prisma } from "@gatehouse/db";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { findPolicy } from "./find-policy";
import { validateDocument } from "./validate-document";

export interface TPublishedVersion {
  policyId: string;
  version: number;
  policy: unknown;
  comment: string | null;
  publishedAt: string;
  restoredFrom: number | null;
}

export async function publishPolicy(
  ctx: AccountContext,
  serverIdOrSlug: string,
  input: {
    document: unknown;
    comment?: string | null | undefined;
    policyId?: string | undefined;
    restoredFrom?: number;
  },
): Promise<TPublishedVersion> {
  const { server, policy } = await findPolicy(ctx, serverIdOrSlug, input.policyId);
  const valid = validateDocument(input.document);
  const comment = input.comment?.trim().slice(0, 500) || null;
  const version = await ctx.db.$transaction(async (tx) => {
    const last = await tx.policyVersion.findFirst({
      where: { policyId: policy.id },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const number = (last?.number ?? 0) + 1;
    const created = await tx.policyVersion.create({
      data: {
        organizationId: ctx.organizationId,
        policyId: policy.id,
        number,
        document: valid as unknown as Prisma.InputJsonObject,
        comment,
        authorUserId: ctx.actor.userId,
        authorTokenId: ctx.actor.tokenId,
        restoredFrom: input.restoredFrom ?? null,
      },
    });
    await tx.policy.update({
      where: { id: policy.id },
      data: { currentVersion: number, draft: Prisma.DbNull, draftUpdatedAt: null },
    });
    await recordAdminEvent(
      ctx,
      {
        action: input.restoredFrom ? "policy.restore" : "policy.publish",
        targetType: "policy",
        targetId: policy.id,
        details: {
          server: server.slug,
          policy: policy.name,
          version: number,
          comment,
          restoredFrom: input.restoredFrom ?? null,
        },
      },
      tx,
    );
    return created;
  });
  return {
    policyId: policy.id,
    version: version.number,
    policy: version.document,
    comment: version.comment,
    publishedAt: version.createdAt.toISOString(),
    restoredFrom: version.restoredFrom,
  };
}
