// Checks the second step of signing in: a current TOTP code not used before (the accepted step is recorded in
// the same statement that checks it, so two requests with one code cannot both pass), or an unused recovery code.
import type { DbClient } from "@gatehouse/db";
import { spendRecoveryCode } from "./recovery-codes";
import { matchingStep, openTotpSecret } from "./totp";

export async function verifySecondFactor(
  db: DbClient,
  secretKey: Buffer,
  userId: string,
  code: string,
): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, omit: { totpSecretEnc: false } });
  if (!user?.totpSecretEnc || !user.totpEnabledAt) return false;
  const trimmed = code.trim().slice(0, 40);
  if (/^\d[\d\s]*$/.test(trimmed)) {
    const step = matchingStep(openTotpSecret(user.totpSecretEnc, secretKey), trimmed);
    if (step === null) return false;
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }
  return spendRecoveryCode(db, userId, trimmed);
}
