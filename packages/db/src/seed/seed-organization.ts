import { randomBytes } from "node:crypto";
import type { DbClient } from "../client.js";
import type { Role } from "../generated/prisma/enums.js";
import { hashPassword } from "../passwords.js";

const suffix = () => randomBytes(3).toString("hex");

export async function seedOrganization(db: DbClient, options: { slug?: string; name?: string } = {}) {
  const slug = options.slug ?? `acme-${suffix()}`;
  return db.organization.create({ data: { slug, name: options.name ?? slug } });
}

export async function seedUser(
  db: DbClient,
  options: { email?: string; password?: string; name?: string; emailVerified?: Date | null } = {},
) {
  const email = options.email ?? `user-${suffix()}@example.test`;
  const passwordHash = await hashPassword(options.password ?? "correct horse battery staple");
  // Confirmed unless a test says otherwise: signing in needs a confirmed address.
  const emailVerified = options.emailVerified === undefined ? new Date() : options.emailVerified;
  return db.user.create({ data: { email, name: options.name ?? null, passwordHash, emailVerified } });
}

export async function seedMember(
  db: DbClient,
  options: { organizationId: string; userId: string; role?: Role },
) {
  return db.membership.create({
    data: { organizationId: options.organizationId, userId: options.userId, role: options.role ?? "admin" },
  });
}
