// Two-factor recovery codes: ten random codes shown once when two-factor sign-in is switched on; only their
// SHA-256 is stored, and each works once.
import { randomBytes } from "node:crypto";
import type { DbClient } from "@gatehouse/db";
import { hashToken } from "@gatehouse/db/secrets";

const COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i

function newCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function normalizeRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[\s-]/g, "");
}

/** Replaces the user's recovery codes with ten new ones and returns them (the only time they are readable). */
export async function replaceRecoveryCodes(db: DbClient, userId: string): Promise<string[]> {
  const codes = Array.from({ length: COUNT }, newCode);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({
      data: codes.map((code) => ({ userId, codeHash: hashToken(normalizeRecoveryCode(code)) })),
    }),
  ]);
  return codes;
}

/** Spends a recovery code; true when it was the user's and unused. */
export async function spendRecoveryCode(db: DbClient, userId: string, code: string): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  if (!/^[a-z0-9]{10}$/.test(normalized)) return false;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashToken(normalized), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}
