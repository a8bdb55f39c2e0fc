// Hides (or shows again) the overview's first-run checklist for the member acting; kept in the database so it
// stays hidden on every device.
import type { AccountContext } from "../context";
import { AppError } from "../errors";

export async function dismissChecklist(ctx: AccountContext, dismissed = true): Promise<void> {
  if (!ctx.actor.userId) throw new AppError("bad_request", "Only a signed-in member has a checklist");
  await ctx.db.membership.updateMany({
    where: { organizationId: ctx.organizationId, userId: ctx.actor.userId },
    data: { checklistDismissedAt: dismissed ? new Date() : null },
  });
}
