// next-auth configuration, the session helpers and `withAccount`, the wrapper every page, action and handler
// that touches account data goes through. Sessions are JWTs (Credentials requires it), so membership and role are
// read from the database on every request: a removed member loses access at once.
import { headers } from "next/headers";
import { notFound as nextNotFound, redirect, unstable_rethrow } from "next/navigation";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { cache } from "react";
import { env } from "@/env";
import { type AccountContext, hasRole, type TRole, type TSettings } from "./context";
import { db, getSecretKey } from "./db";
import { AppError, type TFieldError, toAppError } from "./errors";
import { wakeGateways } from "./gateway-wakeup";
import { logger } from "./logger";
import { clientAddress } from "./security/client-address";
import { readTicket } from "./security/sign-in-ticket";
import {
  checkDashboardSession,
  endDashboardSession,
  SESSION_MAX_AGE_S,
  startDashboardSession,
} from "./sessions/dashboard-sessions";
import { linkOAuthUser } from "./users/link-oauth-user";
import { oauthSignInResult } from "./users/oauth-second-factor";

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

const providers: NextAuthConfig["providers"] = [
  // The sign-in action checks the password (throttled) and the second factor, then hands over a `done` ticket
  // made on the server (security/sign-in-ticket.ts); nothing else opens a session through this provider.
  Credentials({
    credentials: { ticket: {} },
    async authorize(raw) {
      const userId = readTicket(env.AUTH_SECRET, raw?.ticket, "done");
      if (!userId) throw new InvalidCredentials();
      const user = await db.user.findUnique({
        where: { id: userId },
        select: { id: true, email: true, name: true },
      });
      if (!user) throw new InvalidCredentials();
      return user;
    },
  }),
];
if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
  providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
}
if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
  providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
}

export const oauthProviders = providers.flatMap((provider) =>
  typeof provider === "function"
    ? []
    : provider.id === "credentials"
      ? []
      : [{ id: provider.id, name: provider.name }],
);

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  secret: env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/signin" },
  providers,
  callbacks: {
    async signIn({ user, account, profile }) {
      if (!account || account.provider === "credentials") return true;
      const userId = await linkOAuthUser(db, {
        provider: account.provider,
        providerAccountId: account.providerAccountId,
        type: account.type,
        email: user.email,
        name: user.name,
        image: user.image,
        emailVerified: profile?.email_verified === true,
      });
      if (!userId) return "/signin?error=OAuthAccountNotLinked";
      user.id = userId;
      return oauthSignInResult(db, env.AUTH_SECRET, userId);
    },
    async jwt({ token, user }) {
      // On sign-in `user.id` is our user row's id (set by signIn above for OAuth, by authorize for passwords):
      // a session row is recorded and the JWT names it. Afterwards a JWT whose row is gone is refused.
      if (user?.id) {
        token.sub = user.id;
        token.sid = await startDashboardSession(db, user.id, await requestSeen());
        return token;
      }
      if (!token.sub || !(await checkDashboardSession(db, token.sub, token.sid))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message && message.token) await endDashboardSession(db, message.token.sid);
    },
  },
});

async function requestSeen(): Promise<{ userAgent: string | null; ip: string | null }> {
  try {
    const list = await headers();
    return { userAgent: list.get("user-agent"), ip: clientAddress(list) };
  } catch {
    return { userAgent: null, ip: null };
  }
}

/** The id of the caller's dashboard session (for "this session" in the list, and to keep it on a password change). */
export async function currentSessionId(): Promise<string | undefined> {
  const { getToken } = await import("next-auth/jwt");
  const list = await headers();
  const secure = (list.get("x-forwarded-proto") ?? "").startsWith("https");
  const token = await getToken({ req: { headers: list }, secret: env.AUTH_SECRET, secureCookie: secure });
  return typeof token?.sid === "string" ? token.sid : undefined;
}

export interface TSessionUser {
  id: string;
  email: string;
  name: string | null;
  /** Two-factor sign-in is on. */
  twoFactor: boolean;
}

/** The signed-in user, re-read from the database (a deleted user has no session). */
export const getSession = cache(async (): Promise<TSessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, totpEnabledAt: true },
  });
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, twoFactor: user.totpEnabledAt !== null };
});

export async function requireUser(): Promise<TSessionUser> {
  const user = await getSession();
  if (!user) redirect("/signin");
  return user;
}

export function settings(): TSettings {
  return {
    gatewayPublicUrl: env.gatewayPublicUrl,
    webPublicUrl: env.webPublicUrl,
    allowPrivateUpstreams: env.allowPrivateUpstreams,
    allowStdio: env.allowStdio,
    secretKey: getSecretKey(),
  };
}

/** Resolves the account by slug for the signed-in user; throws not_found for non-members (no existence leak). */
export async function resolveAccountForUser(
  user: TSessionUser,
  accountSlug: string,
): Promise<AccountContext> {
  const membership = await db.membership.findFirst({
    where: { userId: user.id, organization: { slug: accountSlug } },
    select: { role: true, organization: { select: { id: true, slug: true, requireTwoFactor: true } } },
  });
  if (!membership) throw new AppError("not_found", "Account not found");
  if (membership.organization.requireTwoFactor && !user.twoFactor) throw new TwoFactorRequired(accountSlug);
  return {
    db,
    organizationId: membership.organization.id,
    accountSlug: membership.organization.slug,
    role: membership.role,
    actor: { userId: user.id, tokenId: null, label: user.email },
    settings: settings(),
  };
}

/** The account requires two-factor sign-in and the member has not switched it on. */
export class TwoFactorRequired extends AppError {
  constructor(readonly accountSlug: string) {
    super("forbidden", "This account requires two-factor sign-in: switch it on under Security first.");
  }
}

/**
 * For pages and layouts: the account context, or Next's 404 when the user is not a member; a member of an account
 * that requires two-factor sign-in who has not switched it on is sent to set it up.
 */
export const getAccountContext = cache(async (accountSlug: string): Promise<AccountContext> => {
  const user = await requireUser();
  let context: AccountContext | undefined;
  let required = false;
  try {
    context = await resolveAccountForUser(user, accountSlug);
  } catch (error: unknown) {
    required = error instanceof TwoFactorRequired;
  }
  if (required) redirect(`/security?required=${encodeURIComponent(accountSlug)}`);
  if (!context) nextNotFound();
  return context;
});

export type TActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; errors?: TFieldError[] } };

/**
 * Wraps a server action: the first argument is the account slug from the URL; membership and role are checked
 * against the database, and errors come back as values the form can show.
 */
export function withAccount<A extends unknown[], R>(
  handler: (ctx: AccountContext, ...args: A) => Promise<R>,
  options: { role: TRole },
): (accountSlug: string, ...args: A) => Promise<TActionResult<R>> {
  return async (accountSlug, ...args) => {
    try {
      const user = await getSession();
      if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
      const ctx = await resolveAccountForUser(user, accountSlug);
      if (!hasRole(ctx.role, options.role)) {
        throw new AppError("forbidden", "Your role in this account does not allow this change.");
      }
      const data = await handler(ctx, ...args);
      wakeGateways();
      return { ok: true, data };
    } catch (error: unknown) {
      unstable_rethrow(error);
      const appError = toAppError(error);
      if (appError.code === "internal") logger.error({ err: error }, "server action failed");
      return {
        ok: false,
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.errors ? { errors: appError.errors } : {}),
        },
      };
    }
  };
}
