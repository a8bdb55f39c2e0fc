// GitHub and Google sign-in ask for the second factor too. An OAuth identity is only the first factor, so a user
// with two-factor sign-in on gets no session from it: they are sent to the sign-in page's code step with a
// `password`-stage ticket (the first factor passed, valid 5 minutes), exactly where a correct password leads.
import type { DbClient } from "@gatehouse/db";
import { issueTicket } from "../security/sign-in-ticket";

/** What next-auth's signIn callback answers for an OAuth sign-in of this user: true (a session) or where to go. */
export async function oauthSignInResult(
  db: DbClient,
  secret: string,
  userId: string,
): Promise<true | string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (!user?.totpEnabledAt) return true;
  return `/signin?ticket=${encodeURIComponent(issueTicket(secret, userId, "password"))}`;
}
