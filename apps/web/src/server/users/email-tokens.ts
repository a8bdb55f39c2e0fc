// Single-use, expiring links sent by mail (email verification, password reset): the link carries 32 random
// bytes; only their SHA-256 is stored (Auth.js's VerificationToken table, identifier `purpose:userId`), and using
// a link deletes it in the same statement that checks it, so it works once.
import { randomBytes } from "node:crypto";
import type { DbClient } from "@gatehouse/db";
import { hashToken } from "@gatehouse/db/secrets";

export type TEmailTokenPurpose = "verify" | "reset";

export const EMAIL_TOKEN_LIFETIME_MS: Record<TEmailTokenPurpose, number> = {
  verify: 24 * 3600_000,
  reset: 30 * 60_000,
};

/** Makes a new link token for the user, replacing any earlier one of the same purpose. */
export async function createEmailToken(
  db: DbClient,
  purpose: TEmailTokenPurpose,
  userId: string,
): Promise<string> {
  const value = randomBytes(32).toString("base64url");
  const identifier = `${purpose}:${userId}`;
  await db.$transaction([
    db.verificationToken.deleteMany({ where: { identifier } }),
    db.verificationToken.create({
      data: {
        identifier,
        token: hashToken(value),
        expires: new Date(Date.now() + EMAIL_TOKEN_LIFETIME_MS[purpose]),
      },
    }),
  ]);
  return value;
}

/** The user id the token was made for, once; null when it is unknown, used or expired. */
export async function consumeEmailToken(
  db: DbClient,
  purpose: TEmailTokenPurpose,
  value: string,
): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
  const token = hashToken(value);
  const row = await db.verificationToken.findFirst({
    where: { token, identifier: { startsWith: `${purpose}:` } },
  });
  if (!row) return null;
  const { count } = await db.verificationToken.deleteMany({
    where: { identifier: row.identifier, token, expires: { gt: new Date() } },
  });
  if (count !== 1) {
    await db.verificationToken.deleteMany({ where: { identifier: row.identifier, token } });
    return null;
  }
  return row.identifier.slice(purpose.length + 1);
}

/** The user a token is for while it is usable, without using it (to check a form before spending the link). */
export async function peekEmailToken(
  db: DbClient,
  purpose: TEmailTokenPurpose,
  value: string,
): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
  const row = await db.verificationToken.findFirst({
    where: {
      token: hashToken(value),
      identifier: { startsWith: `${purpose}:` },
      expires: { gt: new Date() },
    },
  });
  return row ? row.identifier.slice(purpose.length + 1) : null;
}
