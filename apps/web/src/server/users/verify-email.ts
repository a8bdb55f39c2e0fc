// Confirms an email address from the link mailed at sign-up; the link works once. Returns the user, whom the
// confirming page then signs in.
import type { DbClient } from "@gatehouse/db";
import { AppError } from "../errors";
import { consumeEmailToken } from "./email-tokens";

export async function verifyEmail(db: DbClient, token: string): Promise<{ userId: string }> {
  const userId = await consumeEmailToken(db, "verify", token);
  if (!userId) throw new AppError("not_found", "This confirmation link is invalid, used or expired.");
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
  return { userId };
}
