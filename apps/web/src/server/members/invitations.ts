// Invitations by link (mailed to the invited address, and shown to the admin): the link carries a random token; only its hash is stored. Valid for 7 days, single use,
// and only for a signed-in user with the invited email.
import type { DbClient } from "@gatehouse/db";
import { generateInvitationToken, hashToken } from "@gatehouse/db/secrets";
import { invitationMail } from "@gatehouse/mail";
import { z } from "zod";
import { recordAdminEvent } from "../audit/record-admin-event";
import { type AccountContext, ROLE_LABEL } from "../context";
import { AppError, notFound } from "../errors";
import { isUuid } from "../servers/get-server";
import type { TMailLinks } from "../users/sign-up-user";

export const ZInviteSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  role: z.enum(["admin", "policy_manager", "viewer"]),
});

const VALID_DAYS = 7;

export async function createInvitation(
  ctx: AccountContext,
  input: z.input<typeof ZInviteSchema>,
  links?: TMailLinks,
): Promise<{ id: string; token: string; path: string }> {
  const data = ZInviteSchema.parse(input);
  const token = generateInvitationToken();
  const invitation = await ctx.db.invitation.create({
    data: {
      organizationId: ctx.organizationId,
      email: data.email,
      role: data.role,
      tokenHash: token.hash,
      invitedById: ctx.actor.userId,
      expiresAt: new Date(Date.now() + VALID_DAYS * 24 * 3600 * 1000),
    },
  });
  await recordAdminEvent(ctx, {
    action: "invitation.create",
    targetType: "invitation",
    targetId: invitation.id,
    details: { email: data.email, role: data.role },
  });
  const path = `/invite/${token.value}`;
  if (links) {
    const account = await ctx.db.organization.findUniqueOrThrow({
      where: { id: ctx.organizationId },
      select: { name: true },
    });
    await links.mailer.send(
      invitationMail(data.email, {
        accountName: account.name,
        role: ROLE_LABEL[data.role],
        invitedBy: ctx.actor.label,
        link: `${links.webUrl}${path}`,
      }),
    );
  }
  return { id: invitation.id, token: token.value, path };
}

export async function revokeInvitation(ctx: AccountContext, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound("Invitation");
  const { count } = await ctx.db.invitation.updateMany({
    where: { organizationId: ctx.organizationId, id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("Invitation");
  await recordAdminEvent(ctx, { action: "invitation.revoke", targetType: "invitation", targetId: id });
}

async function findOpenInvitation(db: DbClient, token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { organization: { select: { id: true, slug: true, name: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date())
    return null;
  return invitation;
}

export async function describeInvitation(db: DbClient, token: string) {
  const invitation = await findOpenInvitation(db, token);
  if (!invitation) return null;
  return { accountName: invitation.organization.name, email: invitation.email, role: invitation.role };
}

export async function acceptInvitation(
  db: DbClient,
  userId: string,
  token: string,
): Promise<{ slug: string }> {
  const invitation = await findOpenInvitation(db, token);
  if (!invitation) throw new AppError("not_found", "This invitation link is invalid, used or expired");
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, emailVerified: true },
  });
  // Bound to the invited address: a link forwarded to, or guessed by, someone else opens nothing for them.
  if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw new AppError(
      "forbidden",
      `This invitation is for ${invitation.email}. Sign in with that email to accept it.`,
    );
  }
  await db.$transaction(async (tx) => {
    // The link went to the invited address, so following it with that address signed in proves the address.
    if (!user.emailVerified) {
      await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
    }
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0) throw new AppError("conflict", "This invitation was already used");
    await tx.membership.upsert({
      where: { organizationId_userId: { organizationId: invitation.organizationId, userId } },
      create: { organizationId: invitation.organizationId, userId, role: invitation.role },
      update: {},
    });
    await tx.adminAuditEvent.create({
      data: {
        organizationId: invitation.organizationId,
        actorUserId: userId,
        actorLabel: user.email,
        action: "invitation.accept",
        targetType: "invitation",
        targetId: invitation.id,
        details: { role: invitation.role },
      },
    });
  });
  return { slug: invitation.organization.slug };
}
