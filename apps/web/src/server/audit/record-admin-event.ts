// Appends one entry to the account's admin audit (changes made through the dashboard or the API).
import type { Prisma } from "@gatehouse/db";
import type { AccountContext } from "../context";

type TTx = Pick<AccountContext["db"], "adminAuditEvent">;

export async function recordAdminEvent(
  ctx: AccountContext,
  event: { action: string; targetType: string; targetId?: string | null; details?: Prisma.InputJsonValue },
  tx: TTx = ctx.db,
): Promise<void> {
  await tx.adminAuditEvent.create({
    data: {
      organizationId: ctx.organizationId,
      actorUserId: ctx.actor.userId,
      actorTokenId: ctx.actor.tokenId,
      actorLabel: ctx.actor.label,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      details: event.details ?? {},
    },
  });
}
