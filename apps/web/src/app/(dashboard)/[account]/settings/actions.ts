"use server";
import { revalidatePath } from "next/cache";
import { env } from "@/env";
import { updateAccountSettings } from "@/server/accounts/update-account-settings";
import { withAccount } from "@/server/auth";
import type { TRole } from "@/server/context";
import { mailer } from "@/server/mail/app-mailer";
import {
  changeMemberRole,
  removeMember,
  resetMemberTwoFactor,
  setApprovalMails,
} from "@/server/members/change-member";
import { createInvitation, revokeInvitation } from "@/server/members/invitations";
import { createApiToken, revokeApiToken, type TCreateToken } from "@/server/tokens/api-tokens";

const refresh = (slug: string) => revalidatePath(`/${slug}/settings`);

export const inviteAction = withAccount(
  async (ctx, email: string, role: TRole) => {
    const invitation = await createInvitation(ctx, { email, role }, { mailer, webUrl: env.webPublicUrl });
    refresh(ctx.accountSlug);
    return invitation;
  },
  { role: "admin" },
);

export const revokeInvitationAction = withAccount(
  async (ctx, id: string) => {
    await revokeInvitation(ctx, id);
    refresh(ctx.accountSlug);
  },
  { role: "admin" },
);

export const changeRoleAction = withAccount(
  async (ctx, membershipId: string, role: TRole) => {
    await changeMemberRole(ctx, membershipId, role);
    refresh(ctx.accountSlug);
  },
  { role: "admin" },
);

export const removeMemberAction = withAccount(
  async (ctx, membershipId: string) => {
    await removeMember(ctx, membershipId);
    refresh(ctx.accountSlug);
  },
  { role: "admin" },
);

export const resetTwoFactorAction = withAccount(
  async (ctx, membershipId: string) => {
    await resetMemberTwoFactor(ctx, membershipId);
    refresh(ctx.accountSlug);
  },
  { role: "admin" },
);

/** The signed-in member's own approval mails (any member may turn them off; deciders may turn them on). */
export const approvalMailsAction = withAccount(
  async (ctx, on: boolean) => {
    await setApprovalMails(ctx, on);
    refresh(ctx.accountSlug);
  },
  { role: "viewer" },
);

export const createTokenAction = withAccount(
  async (ctx, input: TCreateToken) => {
    const token = await createApiToken(ctx, input);
    refresh(ctx.accountSlug);
    return token;
  },
  { role: "admin" },
);

export const revokeTokenAction = withAccount(
  async (ctx, id: string) => {
    await revokeApiToken(ctx, id);
    refresh(ctx.accountSlug);
  },
  { role: "admin" },
);

export const updateAccountAction = withAccount(
  async (
    ctx,
    input: {
      name?: string;
      storeArgumentValues?: boolean;
      approvalWebhookUrl?: string | null;
      requireTwoFactor?: boolean;
    },
  ) => {
    const result = await updateAccountSettings(ctx, input);
    revalidatePath(`/${ctx.accountSlug}`, "layout");
    return result;
  },
  { role: "admin" },
);
