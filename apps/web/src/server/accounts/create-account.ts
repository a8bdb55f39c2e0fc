// Creates an account (tenant) with the creator as its admin.
import type { DbClient } from "@gatehouse/db";
import { z } from "zod";
import { AppError } from "../errors";

/** Slugs that would shadow top-level routes. */
export const RESERVED_SLUGS = new Set([
  "api",
  "signin",
  "signup",
  "signout",
  "new",
  "catalog",
  "invite",
  "schemas",
  "settings",
  "_next",
  "admin",
  "healthz",
  "security",
  "forgot-password",
  "reset-password",
  "verify-email",
  "dev",
  "oauth",
]);

export const ZSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters")
  .max(40, "Use at most 40 characters")
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    "Use lowercase letters, digits and dashes; start and end with a letter or digit",
  );

export const ZCreateAccountSchema = z.object({
  name: z.string().trim().min(1, "Give the account a name").max(100),
  slug: ZSlugSchema.refine((slug) => !RESERVED_SLUGS.has(slug), "This address is reserved; choose another"),
});
export type TCreateAccount = z.infer<typeof ZCreateAccountSchema>;

export async function createAccount(
  db: DbClient,
  userId: string,
  input: TCreateAccount,
): Promise<{ id: string; slug: string }> {
  const data = ZCreateAccountSchema.parse(input);
  const taken = await db.organization.findUnique({ where: { slug: data.slug }, select: { id: true } });
  if (taken) throw new AppError("conflict", `The address "${data.slug}" is taken; choose another`);
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return db.$transaction(async (tx) => {
    const org = await tx.organization.create({
      data: { name: data.name, slug: data.slug },
      select: { id: true, slug: true },
    });
    await tx.membership.create({ data: { organizationId: org.id, userId, role: "admin" } });
    await tx.adminAuditEvent.create({
      data: {
        organizationId: org.id,
        actorUserId: userId,
        actorLabel: user?.email ?? null,
        action: "account.create",
        targetType: "account",
        targetId: org.id,
        details: { slug: org.slug },
      },
    });
    return org;
  });
}
