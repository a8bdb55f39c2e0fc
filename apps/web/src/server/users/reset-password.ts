// Sets a new password from a reset link: the link works once; every session of the user ends (whoever knew the
// old password is signed out), and since the link came by mail the address counts as confirmed.
import type { DbClient } from "@gatehouse/db";
import { hashPassword } from "@gatehouse/db/passwords";
import { z } from "zod";
import { AppError } from "../errors";
import { emailWords, passwordWeakness } from "../security/password-strength";
import { endUserSessions } from "../sessions/dashboard-sessions";
import { consumeEmailToken, peekEmailToken } from "./email-tokens";
import { ZPasswordSchema } from "./sign-up-user";

export async function resetPassword(
  db: DbClient,
  token: string,
  password: string,
): Promise<{ userId: string }> {
  const parsed = z.object({ password: ZPasswordSchema }).parse({ password });
  const invalid = new AppError(
    "not_found",
    "This reset link is invalid, used or expired. Ask for a new one.",
  );
  const owner = await peekEmailToken(db, "reset", token);
  if (!owner) throw invalid;
  const user = await db.user.findUniqueOrThrow({
    where: { id: owner },
    select: { email: true, emailVerified: true },
  });
  // Checked before the link is spent, so a refused password leaves the link usable.
  const weakness = passwordWeakness(parsed.password, emailWords(user.email));
  if (weakness) throw new AppError("validation_failed", weakness, [{ path: "/password", message: weakness }]);
  const userId = await consumeEmailToken(db, "reset", token);
  if (userId !== owner) throw invalid;
  await db.user.update({
    where: { id: userId },
    data: {
      passwordHash: await hashPassword(parsed.password),
      emailVerified: user.emailVerified ?? new Date(),
    },
  });
  await endUserSessions(db, userId);
  return { userId };
}
