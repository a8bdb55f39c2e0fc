// Forgot password: mails a single-use link (30 minutes) when the email has a user, and answers the same when it
// has none, after the same work, so the form cannot be used to find out which emails have users.
import type { DbClient } from "@gatehouse/db";
import { passwordResetMail } from "@gatehouse/mail";
import { createEmailToken } from "./email-tokens";
import type { TMailLinks } from "./sign-up-user";

export async function requestPasswordReset(db: DbClient, rawEmail: string, links: TMailLinks): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  if (email.length === 0 || email.length > 320) return;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) return;
  const token = await createEmailToken(db, "reset", user.id);
  await links.mailer.send(passwordResetMail(user.email, `${links.webUrl}/reset-password?token=${token}`));
}
