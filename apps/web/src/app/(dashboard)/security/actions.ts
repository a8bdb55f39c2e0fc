"use server";
// The signed-in user's own security: password, two-factor sign-in, sessions. Thin adapters over the operations;
// the user always comes from the session, never from the form.
import { revalidatePath } from "next/cache";
import { currentSessionId, getSession, type TActionResult } from "@/server/auth";
import { db, getSecretKey } from "@/server/db";
import { AppError, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { endUserSessionByHandle, endUserSessions } from "@/server/sessions/dashboard-sessions";
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  startTwoFactorSetup,
} from "@/server/two-factor/set-up-two-factor";
import { changePassword } from "@/server/users/change-password";

async function asUser<R>(
  run: (user: { id: string; email: string }) => Promise<R>,
): Promise<TActionResult<R>> {
  try {
    const user = await getSession();
    if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    const data = await run(user);
    revalidatePath("/security");
    return { ok: true, data };
  } catch (error: unknown) {
    const appError = toAppError(error);
    if (appError.code === "internal") logger.error({ err: error }, "security action failed");
    return {
      ok: false,
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.errors ? { errors: appError.errors } : {}),
      },
    };
  }
}

export async function changePasswordAction(current: string, next: string) {
  return asUser(async (user) =>
    changePassword(db, {
      userId: user.id,
      currentSessionId: await currentSessionId(),
      current: String(current).slice(0, 400),
      next: String(next).slice(0, 400),
    }),
  );
}

export async function startTwoFactorAction() {
  return asUser((user) => startTwoFactorSetup(db, getSecretKey(), user));
}

export async function confirmTwoFactorAction(code: string) {
  return asUser((user) => confirmTwoFactorSetup(db, getSecretKey(), user.id, String(code).slice(0, 40)));
}

export async function disableTwoFactorAction(code: string) {
  return asUser((user) => disableTwoFactor(db, getSecretKey(), user.id, String(code).slice(0, 40)));
}

export async function endSessionAction(handle: string) {
  return asUser(async (user) => {
    if (!(await endUserSessionByHandle(db, user.id, String(handle))))
      throw new AppError("not_found", "Session not found");
  });
}

export async function endOtherSessionsAction() {
  return asUser(async (user) => endUserSessions(db, user.id, await currentSessionId()));
}
