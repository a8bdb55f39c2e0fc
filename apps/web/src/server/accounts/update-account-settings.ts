// Account-wide settings: the display name, whether argument values are stored with audit events (redacted),
// the approval webhook (URL checked against SSRF; its signing secret is generated, encrypted, shown once), and
// whether members must use two-factor sign-in.
import { randomBytes } from "node:crypto";
import { encryptSecret } from "@gatehouse/db/secrets";
import { z } from "zod";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { checkUpstreamUrl } from "../servers/check-upstream";

/** Requiring two-factor sign-in is only for an admin who has it on, so nobody locks themselves out. */
async function assertActorHasTwoFactor(ctx: AccountContext): Promise<void> {
  const user = ctx.actor.userId
    ? await ctx.db.user.findUnique({ where: { id: ctx.actor.userId }, select: { totpEnabledAt: true } })
    : null;
  if (!user?.totpEnabledAt) {
    throw new AppError(
      "conflict",
      "Switch on two-factor sign-in for yourself (under Security) before requiring it",
    );
  }
}

export const ZAccountSettingsSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    storeArgumentValues: z.boolean().optional(),
    approvalWebhookUrl: z.string().trim().url("Enter a full https:// URL").nullable().optional(),
    requireTwoFactor: z.boolean().optional(),
  })
  .strict();

export interface TAccountSettings {
  name: string;
  slug: string;
  storeArgumentValues: boolean;
  approvalWebhookUrl: string | null;
  requireTwoFactor: boolean;
}

export async function getAccountSettings(ctx: AccountContext): Promise<TAccountSettings> {
  const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.organizationId } });
  return {
    name: org.name,
    slug: org.slug,
    storeArgumentValues: org.storeArgumentValues,
    approvalWebhookUrl: org.approvalWebhookUrl,
    requireTwoFactor: org.requireTwoFactor,
  };
}

export async function updateAccountSettings(
  ctx: AccountContext,
  input: z.input<typeof ZAccountSettingsSchema>,
): Promise<{ settings: TAccountSettings; webhookSecret?: string }> {
  const data = ZAccountSettingsSchema.parse(input);
  const current = await getAccountSettings(ctx);
  if (data.requireTwoFactor && !current.requireTwoFactor) await assertActorHasTwoFactor(ctx);
  const webhookChanged =
    data.approvalWebhookUrl !== undefined && data.approvalWebhookUrl !== current.approvalWebhookUrl;
  if (webhookChanged && data.approvalWebhookUrl)
    await checkUpstreamUrl(data.approvalWebhookUrl, ctx.settings);
  const secret =
    webhookChanged && data.approvalWebhookUrl ? `whsec_${randomBytes(24).toString("base64url")}` : undefined;
  await ctx.db.organization.update({
    where: { id: ctx.organizationId },
    data: {
      name: data.name,
      storeArgumentValues: data.storeArgumentValues,
      requireTwoFactor: data.requireTwoFactor,
      ...(webhookChanged
        ? {
            approvalWebhookUrl: data.approvalWebhookUrl ?? null,
            approvalWebhookSecretEnc: secret ? encryptSecret(secret, ctx.settings.secretKey) : null,
          }
        : {}),
    },
  });
  await recordAdminEvent(ctx, {
    action: "account.update",
    targetType: "account",
    targetId: ctx.organizationId,
    details: {
      changed: Object.keys(data),
      webhook: webhookChanged ? (data.approvalWebhookUrl ?? "removed") : "unchanged",
    },
  });
  return { settings: await getAccountSettings(ctx), ...(secret ? { webhookSecret: secret } : {}) };
}
