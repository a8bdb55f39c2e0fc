// Members and open invitations of the account.
import type { AccountContext, TRole } from "../context";

export interface TMemberDto {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  role: TRole;
  joinedAt: string;
  /** Two-factor sign-in is on (an admin can reset it for a member who lost their device). */
  twoFactor: boolean;
  /** Mails this member when a call waits for approval. */
  notifyApprovals: boolean;
}

export interface TInvitationDto {
  id: string;
  email: string;
  role: TRole;
  expiresAt: string;
  createdAt: string;
}

export async function listMembers(
  ctx: AccountContext,
): Promise<{ members: TMemberDto[]; invitations: TInvitationDto[] }> {
  const [members, invitations] = await Promise.all([
    ctx.db.membership.findMany({
      where: { organizationId: ctx.organizationId },
      orderBy: { createdAt: "asc" },
      include: { user: { select: { email: true, name: true, totpEnabledAt: true } } },
    }),
    ctx.db.invitation.findMany({
      where: {
        organizationId: ctx.organizationId,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date() },
      },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    members: members.map((m) => ({
      id: m.id,
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      joinedAt: m.createdAt.toISOString(),
      twoFactor: m.user.totpEnabledAt !== null,
      notifyApprovals: m.notifyApprovals,
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      expiresAt: i.expiresAt.toISOString(),
      createdAt: i.createdAt.toISOString(),
    })),
  };
}
