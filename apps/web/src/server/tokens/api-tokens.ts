// Account API tokens (gate_at_…): created with a role and an optional expiry, shown once, stored as a hash,
// revocable. The REST API refuses a revoked or expired token (server/api.ts).
import { generateApiToken } from "@gatehouse/db/secrets";
import { z } from "zod";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext, TRole } from "../context";
import { notFound } from "../errors";
import { ZExpiresAtSchema } from "../expires-at-schema";
import { isUuid } from "../servers/get-server";

export const ZCreateTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token, e.g. terraform").max(100),
  role: z.enum(["admin", "policy_manager", "viewer"]),
  expiresAt: ZExpiresAtSchema.optional(),
});
export type TCreateToken = z.input<typeof ZCreateTokenSchema>;

export interface TApiTokenDto {
  id: string;
  name: string;
  role: TRole;
  prefix: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export async function listApiTokens(ctx: AccountContext): Promise<TApiTokenDto[]> {
  const tokens = await ctx.db.apiToken.findMany({
    where: { organizationId: ctx.organizationId },
    orderBy: { createdAt: "desc" },
  });
  return tokens.map((t) => ({
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  }));
}

export async function createApiToken(
  ctx: AccountContext,
  input: TCreateToken,
): Promise<{ id: string; token: string; expiresAt: string | null }> {
  const data = ZCreateTokenSchema.parse(input);
  const token = generateApiToken();
  const row = await ctx.db.apiToken.create({
    data: {
      organizationId: ctx.organizationId,
      name: data.name,
      role: data.role,
      prefix: token.prefix,
      tokenHash: token.hash,
      createdById: ctx.actor.userId,
      expiresAt: data.expiresAt ?? null,
    },
  });
  const expiresAt = row.expiresAt?.toISOString() ?? null;
  await recordAdminEvent(ctx, {
    action: "api_token.create",
    targetType: "api_token",
    targetId: row.id,
    details: { name: data.name, role: data.role, prefix: token.prefix, expiresAt },
  });
  return { id: row.id, token: token.value, expiresAt };
}

export async function revokeApiToken(ctx: AccountContext, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound("Token");
  const { count } = await ctx.db.apiToken.updateMany({
    where: { organizationId: ctx.organizationId, id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("Token");
  await recordAdminEvent(ctx, { action: "api_token.revoke", targetType: "api_token", targetId: id });
}
