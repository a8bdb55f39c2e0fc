import { describe, expect, it } from "vitest";
import { bootstrapProblems, ensureBootstrap } from "../src/bootstrap.js";
import { verifyPassword } from "../src/passwords.js";
import { hashToken } from "../src/secrets.js";
import { createTestDatabase } from "../src/testing.js";

const options = {
  email: "Ops@Example.com",
  password: "a long enough password",
  accountSlug: "acme",
  apiToken: "gate_at_bootstrap0123456789abcdef",
};

describe("bootstrap", () => {
  it("creates the user, the account with them as admin and the token once, and nothing on later starts", async () => {
    const { db, close } = await createTestDatabase();
    try {
      expect(await ensureBootstrap(db, options)).toEqual({
        createdUser: true,
        createdAccount: true,
        createdToken: true,
      });
      expect(await ensureBootstrap(db, { ...options, password: "another password!" })).toEqual({
        createdUser: false,
        createdAccount: false,
        createdToken: false,
      });
      const user = await db.user.findUniqueOrThrow({
        where: { email: "ops@example.com" },
        omit: { passwordHash: false },
      });
      expect(await verifyPassword(user.passwordHash!, options.password)).toBe(true);
      const membership = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
      expect(membership.role).toBe("admin");
      const token = await db.apiToken.findUniqueOrThrow({
        where: { tokenHash: hashToken(options.apiToken) },
      });
      expect(token.role).toBe("admin");
      expect(token.organizationId).toBe(membership.organizationId);
      expect(user.emailVerified).toBeInstanceOf(Date);

      // A user of an older data directory, made before sign-in needed a confirmed address, is confirmed now.
      await db.user.update({ where: { id: user.id }, data: { emailVerified: null } });
      await ensureBootstrap(db, options);
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(
        Date,
      );
    } finally {
      await close();
    }
  });

  it("names every bad variable in one clear line each", () => {
    expect(
      bootstrapProblems({ email: "nope", password: "short", accountSlug: "Bad Slug", apiToken: "x" }),
    ).toEqual([
      "GATEHOUSE_BOOTSTRAP_EMAIL is not an email address",
      "GATEHOUSE_BOOTSTRAP_PASSWORD must be at least 12 characters",
      "GATEHOUSE_BOOTSTRAP_ACCOUNT must be a slug: lowercase letters, digits and dashes, 1-40 long",
      "GATEHOUSE_BOOTSTRAP_API_TOKEN must look like gate_at_ followed by at least 20 characters",
    ]);
  });
});
