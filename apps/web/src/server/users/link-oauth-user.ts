// Maps an OAuth sign-in to our user row. A provider identity already linked (Auth.js's Account table) signs in as
// its user. A new identity creates a user, unless its email already belongs to one: a password account is never
// linked automatically (otherwise whoever signed up with that email first, without proving it, would share the
// account of the real owner), and an OAuth-only user is linked only when the provider asserts the email is verified.
import type { DbClient } from "@gatehouse/db";

export interface TOAuthIdentity {
  provider: string;
  providerAccountId: string;
  type: string;
  email: string | null | undefined;
  name?: string | null;
  image?: string | null;
  emailVerified: boolean;
}

/** The user id to sign in as, or null when the sign-in must be refused. */
export async function linkOAuthUser(db: DbClient, identity: TOAuthIdentity): Promise<string | null> {
  const linked = await db.account.findUnique({
    where: {
      provider_providerAccountId: {
        provider: identity.provider,
        providerAccountId: identity.providerAccountId,
      },
    },
    select: { userId: true },
  });
  if (linked) return linked.userId;
  if (!identity.email) return null;
  const email = identity.email.toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  if (existing && (existing.passwordHash !== null || !identity.emailVerified)) return null;
  const link = {
    type: identity.type,
    provider: identity.provider,
    providerAccountId: identity.providerAccountId,
  };
  if (existing) {
    await db.account.create({ data: { ...link, userId: existing.id } });
    return existing.id;
  }
  const user = await db.user.create({
    data: {
      email,
      name: identity.name ?? null,
      image: identity.image ?? null,
      emailVerified: identity.emailVerified ? new Date() : null,
      accounts: { create: link },
    },
  });
  return user.id;
}
