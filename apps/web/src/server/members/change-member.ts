// Changes a member's role, removes them, or resets their two-factor sign-in (for a member who lost their device);
// the account always keeps at least one admin. Removing or resetting a member ends their dashboard sessions.
import { recordAdminEvent } from "../audit/record-admin-event";
import { type AccountContext, hasRole, type TRole } from "../context";
import { AppError, notFound } from "../errors";
import { isUuid } from "../servers/get-server";
import { endUserSessions } from "../sessions/dashboard-sessions";
import { clearTwoFactor } from "../two-factor/set-up-two-factor";

async function findMembership(ctx: AccountContext, membershipId: string) {
  if (!isUuid(membershipId)) throw notFound("Member");
  const membership = await ctx.db.membership.findFirst({
    where: { organizationId: ctx.organizationId, id: membershipId },
    include: { user: { select: { email: true } } },
  });
  if (!membership) throw notFound("Member");
  return membership;
}

async function assertAnotherAdmin(ctx: AccountContext, membershipId: string): Promise<void> {
  const admins = await ctx.db.membership.count({
    where: { organizationId: ctx.organizationId, role: "admin", id: { not: membershipId } },
  });
  if (admins === 0) throw new AppError("conflict", "An account needs at least one admin");
}

export async function changeMemberRole(
  ctx: AccountContext,
  membershipId: string,
  role: TRole,
): Promise<void> {
  const membership = await findMembership(ctx, membershipId);
  if (membership.role === "admin" && role !== "admin") await assertAnotherAdmin(ctx, membership.id);
  await ctx.db.membership.update({ where: { id: membership.id }, data: { role } });
  await recordAdminEvent(ctx, {
    action: "member.role",
    targetType: "member",
    targetId: membership.userId,
    details: { email: membership.user.email, from: membership.role, to: role },
  });
}

export async function removeMember(ctx: AccountContext, membershipId: string): Promise<void> {
  const membership = await findMembership(ctx, membershipId);
  if (membership.role === "admin") await assertAnotherAdmin(ctx, membership.id);
  await ctx.db.membership.delete({ where: { id: membership.id } });
  // Their open dashboard sessions end at once (they sign in again for any other account they belong to).
  await endUserSessions(ctx.db, membership.userId);
  await recordAdminEvent(ctx, {
    action: "member.remove",
    targetType: "member",
    targetId: membership.userId,
    details: { email: membership.user.email },
  });
}

export async function resetMemberTwoFactor(ctx: AccountContext, membershipId: string): Promise<void> {
  const membership = await findMembership(ctx, membershipId);
  if (membership.userId === ctx.actor.userId) {
    throw new AppError("conflict", "Switch your own two-factor sign-in off under Security");
  }
  await clearTwoFactor(ctx.db, membership.userId);
  await endUserSessions(ctx.db, membership.userId);
  await recordAdminEvent(ctx, {
    action: "member.reset_two_factor",
    targetType: "member",
    targetId: membership.userId,
    details: { email: membership.user.email },
  });
}

/**
 * The signed-in member's own choice to be mailed when a call waits for approval. Only members who can decide
 * (policy managers and admins) are mailed, so a viewer cannot turn it on.
 */
export async function setApprovalMails(ctx: AccountContext, on: boolean): Promise<void> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("forbidden", "Approval mails are a signed-in member's own setting");
  if (on && !hasRole(ctx.role, "policy_manager")) {
    throw new AppError("forbidden", "Only policy managers and admins decide approvals");
  }
  await ctx.db.membership.update({
    where: { organizationId_userId: { organizationId: ctx.organizationId, userId } },
    data: { notifyApprovals: on },
  });
}
