// OAuth sign-in never takes over an account by email alone (account pre-hijacking): a password account is not
// linked automatically, an OAuth-only one only on a provider-verified email, and a linked identity keeps its user.
import { seedUser } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkOAuthUser, type TOAuthIdentity } from "@/server/users/link-oauth-user";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const github = (email: string, id: string, emailVerified = true): TOAuthIdentity => ({
  provider: "github",
  providerAccountId: id,
  type: "oauth",
  email,
  emailVerified,
});

describe("linking OAuth identities to users", () => {
  it("refuses to sign an OAuth identity into a password account with the same email", async () => {
    await seedUser(database.db, { email: "victim@corp.test" });
    expect(await linkOAuthUser(database.db, github("Victim@corp.test", "gh-1"))).toBeNull();
    expect(await database.db.account.count({ where: { providerAccountId: "gh-1" } })).toBe(0);
  });

  it("creates a user for a new identity and signs the same identity in as that user again", async () => {
    const first = await linkOAuthUser(database.db, github("new@corp.test", "gh-2"));
    expect(first).not.toBeNull();
    expect(await linkOAuthUser(database.db, github("changed-email@corp.test", "gh-2"))).toBe(first);
  });

  it("links another provider to an OAuth-only user only when the email is verified", async () => {
    const userId = await linkOAuthUser(database.db, github("both@corp.test", "gh-3"));
    const google = (verified: boolean): TOAuthIdentity => ({
      provider: "google",
      providerAccountId: `g-${verified}`,
      type: "oidc",
      email: "both@corp.test",
      emailVerified: verified,
    });
    expect(await linkOAuthUser(database.db, google(false))).toBeNull();
    expect(await linkOAuthUser(database.db, google(true))).toBe(userId);
  });
});
