// Checks an email and password. An unknown email costs the same argon2 verification as a known one (against a
// hash made once per process), so the time of the answer does not say whether the email exists.
import type { DbClient } from "@gatehouse/db";
import { hashPassword, verifyPassword } from "@gatehouse/db/passwords";

export interface TCheckedUser {
  id: string;
  email: string;
  name: string | null;
  emailVerified: Date | null;
  twoFactor: boolean;
}

let decoyHash: Promise<string> | undefined;

export async function checkPassword(
  db: DbClient,
  email: string,
  password: string,
): Promise<TCheckedUser | null> {
  const normalized = email.trim().toLowerCase();
  const user =
    normalized.length > 0 && normalized.length <= 320
      ? await db.user.findUnique({ where: { email: normalized }, omit: { passwordHash: false } })
      : null;
  decoyHash ??= hashPassword("gatehouse decoy password, never anyone's");
  const hash = user?.passwordHash ?? (await decoyHash);
  const matches = await verifyPassword(hash, password.slice(0, 200));
  if (!user?.passwordHash || !matches) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    twoFactor: user.totpEnabledAt !== null,
  };
}
