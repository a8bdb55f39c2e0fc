// OAuth sign-in never takes over an account by email alone (account pre-hijacking): a password account is not
// linked automatically, an OAuth-only one only on a provider-verified email, and a linked identity keeps its user.
import { seedUser } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTicket } from "@/server/security/sign-in-ticket";
import { linkOAuthUser, type TOAuthIdentity } from "@/server/users/link-oauth-user";
import { oauthSignInResult } from "@/server/users/oauth-second-factor";

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

describe("GitHub and Google sign-in with two-factor sign-in on", () => {
  const SECRET = "an-auth-secret-of-at-least-32-characters";

  it("starts a session only without a second factor; with one on, it leads to the code step", async () => {
    const userId = (await linkOAuthUser(database.db, github("mfa@corp.test", "gh-mfa"))) ?? "";
    expect(await oauthSignInResult(database.db, SECRET, userId)).toBe(true);
    await database.db.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date() } });
    const result = await oauthSignInResult(database.db, SECRET, userId);
    expect(typeof result).toBe("string");
    const target = new URL(String(result), "http://dashboard.test");
    expect(target.pathname).toBe("/signin");
    const ticket = target.searchParams.get("ticket");
    // The ticket says the first factor passed; it cannot start a session by itself.
    expect(readTicket(SECRET, ticket, "password")).toBe(userId);
    expect(readTicket(SECRET, ticket, "done")).toBeNull();
  });
});
