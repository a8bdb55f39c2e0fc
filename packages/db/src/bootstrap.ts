// Start-up bootstrap (DESIGN §7): makes sure a user, an account with that user as admin, and optionally an API
// token exist. Idempotent: run on every start, it creates only what is missing and never changes a password.
import type { DbClient } from "./client.js";
import { hashPassword } from "./passwords.js";
import { hashToken } from "./secrets.js";

export interface BootstrapOptions {
  email: string;
  password: string;
  accountSlug: string;
  accountName?: string;
  /** A `gate_at_…` value to register as an admin API token. */
  apiToken?: string;
}

export interface BootstrapResult {
  createdUser: boolean;
  createdAccount: boolean;
  createdToken: boolean;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function bootstrapProblems(options: BootstrapOptions): string[] {
  const problems: string[] = [];
  if (!/^[^\s@]+@[^\s@]+$/.test(options.email))
    problems.push("GATEHOUSE_BOOTSTRAP_EMAIL is not an email address");
  if (options.password.length < 12)
    problems.push("GATEHOUSE_BOOTSTRAP_PASSWORD must be at least 12 characters");
  if (!SLUG.test(options.accountSlug)) {
    problems.push(
      "GATEHOUSE_BOOTSTRAP_ACCOUNT must be a slug: lowercase letters, digits and dashes, 1-40 long",
    );
  }
  if (options.apiToken !== undefined && !/^gate_at_[A-Za-z0-9_-]{20,}$/.test(options.apiToken)) {
    problems.push("GATEHOUSE_BOOTSTRAP_API_TOKEN must look like gate_at_ followed by at least 20 characters");
  }
  return problems;
}

export async function ensureBootstrap(db: DbClient, options: BootstrapOptions): Promise<BootstrapResult> {
  const problems = bootstrapProblems(options);
  if (problems.length > 0) throw new Error(problems.join("; "));
  const email = options.email.toLowerCase();
  const result: BootstrapResult = { createdUser: false, createdAccount: false, createdToken: false };

  let user = await db.user.findUnique({ where: { email } });
  if (!user) {
    // The operator chose this address, so it needs no confirmation mail.
    user = await db.user.create({
      data: { email, passwordHash: await hashPassword(options.password), emailVerified: new Date() },
    });
    result.createdUser = true;
  } else if (!user.emailVerified) {
    // Made before sign-in needed a confirmed address (an older .data): the operator's address counts as confirmed.
    user = await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
  }
  let account = await db.organization.findUnique({ where: { slug: options.accountSlug } });
  if (!account) {
    account = await db.organization.create({
      data: { slug: options.accountSlug, name: options.accountName ?? options.accountSlug },
    });
    result.createdAccount = true;
  }
  await db.membership.upsert({
    where: { organizationId_userId: { organizationId: account.id, userId: user.id } },
    create: { organizationId: account.id, userId: user.id, role: "admin" },
    update: {},
  });
  if (options.apiToken) {
    const tokenHash = hashToken(options.apiToken);
    const existing = await db.apiToken.findUnique({ where: { tokenHash } });
    if (!existing) {
      await db.apiToken.create({
        data: {
          organizationId: account.id,
          name: "bootstrap",
          role: "admin",
          prefix: options.apiToken.slice(0, 18),
          tokenHash,
          createdById: user.id,
        },
      });
      result.createdToken = true;
    }
  }
  return result;
}
