"use server";
// Sign-in, sign-up, email confirmation, forgot and reset password, sign-out: thin adapters over next-auth and the
// user operations. Signing in is throttled per email and per client address, and the answers never say whether an
// email has a user. With two-factor sign-in on, the password step hands the browser a short-lived ticket and asks
// for a code; only then is the session started.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/env";
import { signIn, signOut } from "@/server/auth";
import { db, getSecretKey } from "@/server/db";
import { toAppError } from "@/server/errors";
import { mailer, usesDevOutbox } from "@/server/mail/app-mailer";
import { signInThrottle } from "@/server/security/app-throttle";
import { clientAddress } from "@/server/security/client-address";
import { safeNext } from "@/server/security/safe-next";
import { tooManyAttempts } from "@/server/security/sign-in-throttle";
import { issueTicket, readTicket } from "@/server/security/sign-in-ticket";
import { verifySecondFactor } from "@/server/two-factor/verify-second-factor";
import { checkPassword } from "@/server/users/check-password";
import { requestPasswordReset } from "@/server/users/request-password-reset";
import { resetPassword } from "@/server/users/reset-password";
import { sendVerificationMail, signUpUser } from "@/server/users/sign-up-user";
import { verifyEmail } from "@/server/users/verify-email";

export interface TAuthFormState {
  error?: string;
  notice?: string;
  fieldErrors?: Record<string, string>;
  email?: string;
  /** The second step: a code is asked for, and `ticket` says the password was right. */
  step?: "code";
  ticket?: string;
  /** Sign-up and forgot-password: the mail went to this address. */
  sent?: string;
  devOutbox?: boolean;
}

const links = () => ({ mailer, webUrl: env.webPublicUrl });
const text = (form: FormData, name: string, max = 400) => String(form.get(name) ?? "").slice(0, max);

async function startSession(userId: string, next: string): Promise<TAuthFormState> {
  await signIn("credentials", { ticket: issueTicket(env.AUTH_SECRET, userId, "done"), redirectTo: next });
  return {};
}

function fieldErrorsOf(error: unknown): TAuthFormState {
  const appError = toAppError(error);
  const fieldErrors: Record<string, string> = {};
  for (const item of appError.errors ?? []) fieldErrors[item.path.slice(1)] = item.message;
  return { error: appError.errors ? undefined : appError.message, fieldErrors };
}

export async function signInAction(_prev: TAuthFormState, form: FormData): Promise<TAuthFormState> {
  const next = safeNext(form.get("next"), env.webPublicUrl);
  const address = clientAddress(await headers());
  const throttle = signInThrottle();
  const pending = form.get("ticket");
  if (typeof pending === "string" && pending.length > 0) {
    const userId = readTicket(env.AUTH_SECRET, pending, "password");
    if (!userId) return { error: "Signing in took too long. Start again." };
    const keys = { subject: `user:${userId}`, address };
    const wait = await throttle.blocked(keys);
    if (wait) return { step: "code", ticket: pending, error: tooManyAttempts(wait) };
    if (!(await verifySecondFactor(db, getSecretKey(), userId, text(form, "code")))) {
      const spent = await throttle.fail(keys);
      return {
        step: "code",
        ticket: pending,
        error: spent ? tooManyAttempts(spent) : "That code is not right.",
      };
    }
    await throttle.succeed(keys);
    return startSession(userId, next);
  }
  const email = text(form, "email", 320);
  const keys = { subject: email, address };
  const wait = await throttle.blocked(keys);
  if (wait) return { error: tooManyAttempts(wait), email };
  const user = await checkPassword(db, email, text(form, "password"));
  if (!user) {
    const spent = await throttle.fail(keys);
    return { error: spent ? tooManyAttempts(spent) : "Email or password is incorrect.", email };
  }
  await throttle.succeed(keys);
  if (!user.emailVerified) {
    await sendVerificationMail(db, user, links(), next === "/" ? undefined : next);
    return {
      error: `Confirm your email first: we sent a new link to ${user.email}.`,
      email,
      devOutbox: usesDevOutbox,
    };
  }
  if (user.twoFactor)
    return { step: "code", ticket: issueTicket(env.AUTH_SECRET, user.id, "password"), email };
  return startSession(user.id, next);
}

export async function signUpAction(_prev: TAuthFormState, form: FormData): Promise<TAuthFormState> {
  const email = text(form, "email", 320);
  const next = safeNext(form.get("next"), env.webPublicUrl, "");
  try {
    await signUpUser(
      db,
      { email, password: text(form, "password"), name: text(form, "name", 100) },
      links(),
      next || undefined,
    );
  } catch (error: unknown) {
    return { ...fieldErrorsOf(error), email };
  }
  return { sent: email.trim().toLowerCase(), devOutbox: usesDevOutbox };
}

/** The confirmation link's page posts here (a button, so a mail scanner fetching the link spends nothing). */
export async function verifyEmailAction(_prev: TAuthFormState, form: FormData): Promise<TAuthFormState> {
  const next = safeNext(form.get("next"), env.webPublicUrl, "/new");
  let userId: string;
  try {
    ({ userId } = await verifyEmail(db, text(form, "token")));
  } catch (error: unknown) {
    return fieldErrorsOf(error);
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (user?.totpEnabledAt) redirect(`/signin?next=${encodeURIComponent(next)}`);
  return startSession(userId, next);
}

export async function forgotPasswordAction(_prev: TAuthFormState, form: FormData): Promise<TAuthFormState> {
  const email = text(form, "email", 320).trim().toLowerCase();
  // Each request counts against the address (and the email), so the form cannot be used to flood a mailbox.
  const keys = { subject: `reset:${email}`, address: `reset:${clientAddress(await headers())}` };
  const wait = await signInThrottle().blocked(keys);
  if (wait) return { error: tooManyAttempts(wait), email };
  await signInThrottle().fail(keys);
  await requestPasswordReset(db, email, links());
  return { sent: email, devOutbox: usesDevOutbox };
}

export async function resetPasswordAction(_prev: TAuthFormState, form: FormData): Promise<TAuthFormState> {
  try {
    await resetPassword(db, text(form, "token"), text(form, "password"));
  } catch (error: unknown) {
    return fieldErrorsOf(error);
  }
  redirect("/signin?reset=1");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
