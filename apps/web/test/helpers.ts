// Test helpers: a fresh migrated database, users and accounts made the way the product makes them, and an
// AccountContext for a member with a given role.
import { randomBytes } from "node:crypto";
import type { DbClient } from "@gatehouse/db";
import { seedMember, seedUser } from "@gatehouse/db/seed";
import type { z } from "zod";
import { createAccount } from "@/server/accounts/create-account";
import type { AccountContext, TRole } from "@/server/context";

export const SECRET_KEY = randomBytes(32);

export function settingsFor(overrides: Partial<AccountContext["settings"]> = {}): AccountContext["settings"] {
  return {
    gatewayPublicUrl: "http://gateway.test",
    webPublicUrl: "http://localhost:3000",
    allowPrivateUpstreams: true,
    allowStdio: false,
    secretKey: SECRET_KEY,
    ...overrides,
  };
}

export interface TTestAccount {
  id: string;
  slug: string;
  admin: AccountContext;
  as(role: TRole): Promise<AccountContext>;
}

let counter = 0;

export async function makeAccount(db: DbClient, slug?: string): Promise<TTestAccount> {
  counter += 1;
  const suffix = `${Date.now().toString(36)}${counter}`;
  const owner = await seedUser(db, { email: `owner-${suffix}@example.com` });
  const account = await createAccount(db, owner.id, {
    name: `Account ${suffix}`,
    slug: slug ?? `acct-${suffix}`,
  });
  const contextFor = (userId: string, label: string, role: TRole): AccountContext => ({
    db,
    organizationId: account.id,
    accountSlug: account.slug,
    role,
    actor: { userId, tokenId: null, label },
    settings: settingsFor(),
  });
  return {
    id: account.id,
    slug: account.slug,
    admin: contextFor(owner.id, owner.email, "admin"),
    async as(role) {
      counter += 1;
      const user = await seedUser(db, { email: `${role}-${suffix}-${counter}@example.com` });
      await seedMember(db, { organizationId: account.id, userId: user.id, role });
      return contextFor(user.id, user.email, role);
    },
  };
}

/** Runs `fn` and returns the AppError code it threw (or "ok"). */
export async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "ok";
  } catch (error: unknown) {
    if (error && typeof error === "object" && "code" in error)
      return String((error as { code: unknown }).code);
    if (error && typeof error === "object" && "issues" in error) return "zod";
    throw error;
  }
}

/** The messages a schema refuses `input` with (none when it accepts it). */
export function refusalsOf(schema: z.ZodType, input: unknown): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}
