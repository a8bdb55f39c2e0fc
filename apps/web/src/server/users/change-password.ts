// A signed-in user changes their password: the current one is required, the new one must be strong, and every
// other session of the user ends at once (the one making the change goes on).
import type { DbClient } from "@gatehouse/db";
import { hashPassword, verifyPassword } from "@gatehouse/db/passwords";
import { AppError } from "../errors";
import { emailWords, passwordWeakness } from "../security/password-strength";
import { endUserSessions } from "../sessions/dashboard-sessions";
import { ZPasswordSchema } from "./sign-up-user";

export async function changePassword(
  db: DbClient,
  input: { userId: string; currentSessionId?: string; current: string; next: string },
): Promise<{ endedSessions: number }> {
  const next = ZPasswordSchema.parse(input.next);
  const user = await db.user.findUniqueOrThrow({
    where: { id: input.userId },
    omit: { passwordHash: false },
  });
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.current.slice(0, 200)))) {
    throw new AppError("validation_failed", "The current password is not right", [
      { path: "/current", message: "The current password is not right" },
    ]);
  }
  const weakness = passwordWeakness(next, emailWords(user.email));
  if (weakness) throw new AppError("validation_failed", weakness, [{ path: "/next", message: weakness }]);
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(next) } });
  return { endedSessions: await endUserSessions(db, user.id, input.currentSessionId) };
}
