// Switching two-factor sign-in on and off for the signed-in user. Setting up stores a new secret (encrypted) that
// is not yet in force; confirming it with a current code switches it on and returns ten recovery codes.
// Switching it off needs a current code (or a recovery code), so a borrowed open session cannot remove it.
import type { DbClient } from "@gatehouse/db";
import QRCode from "qrcode";
import { AppError } from "../errors";
import { replaceRecoveryCodes } from "./recovery-codes";
import { matchingStep, newTotpSecret, openTotpSecret, sealTotpSecret, totpFor } from "./totp";
import { verifySecondFactor } from "./verify-second-factor";

export async function startTwoFactorSetup(
  db: DbClient,
  secretKey: Buffer,
  user: { id: string; email: string },
): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const current = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { totpEnabledAt: true },
  });
  if (current.totpEnabledAt) throw new AppError("conflict", "Two-factor sign-in is already on");
  const secret = newTotpSecret();
  await db.user.update({
    where: { id: user.id },
    data: { totpSecretEnc: sealTotpSecret(secret, secretKey) },
  });
  const uri = totpFor(secret, user.email).toString();
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1 }) };
}

export async function confirmTwoFactorSetup(
  db: DbClient,
  secretKey: Buffer,
  userId: string,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, omit: { totpSecretEnc: false } });
  if (user.totpEnabledAt) throw new AppError("conflict", "Two-factor sign-in is already on");
  const step = user.totpSecretEnc ? matchingStep(openTotpSecret(user.totpSecretEnc, secretKey), code) : null;
  if (step === null) {
    throw new AppError("validation_failed", "That code is not right. Check the time on your device.", [
      { path: "/code", message: "That code is not right" },
    ]);
  }
  await db.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date(), totpLastStep: step } });
  return { recoveryCodes: await replaceRecoveryCodes(db, userId) };
}

export async function disableTwoFactor(
  db: DbClient,
  secretKey: Buffer,
  userId: string,
  code: string,
): Promise<void> {
  if (!(await verifySecondFactor(db, secretKey, userId, code))) {
    throw new AppError("validation_failed", "That code is not right", [
      { path: "/code", message: "That code is not right" },
    ]);
  }
  await clearTwoFactor(db, userId);
}

/** Removes the user's second factor (theirs to do with a code above; an admin's reset of a member below). */
export async function clearTwoFactor(db: DbClient, userId: string): Promise<void> {
  await db.$transaction([
    db.user.update({
      where: { id: userId },
      data: { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null },
    }),
    db.recoveryCode.deleteMany({ where: { userId } }),
  ]);
}
