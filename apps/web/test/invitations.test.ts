// Invitations are bound to the invited email: a signed-in user with another address cannot accept the link, the
// invited user can (once), and following the link proves the address.
import { seedUser } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation, createInvitation } from "@/server/members/invitations";
import { codeOf, makeAccount, type TTestAccount } from "./helpers";

let database: TestDatabase;
let account: TTestAccount;

beforeAll(async () => {
  database = await createTestDatabase();
  account = await makeAccount(database.db);
});
afterAll(() => database?.close());

describe("invitations", () => {
  it("refuses a user whose email is not the invited one, and admits the invited one once", async () => {
    const invited = `invited-${Date.now()}@example.com`;
    const { token } = await createInvitation(account.admin, { email: invited, role: "viewer" });
    const stranger = await seedUser(database.db, { email: `stranger-${Date.now()}@example.com` });
    expect(await codeOf(() => acceptInvitation(database.db, stranger.id, token))).toBe("forbidden");
    expect(
      await database.db.membership.count({ where: { organizationId: account.id, userId: stranger.id } }),
    ).toBe(0);

    const user = await seedUser(database.db, { email: invited, emailVerified: null });
    expect(user.emailVerified).toBeNull();
    expect(await acceptInvitation(database.db, user.id, token)).toEqual({ slug: account.slug });
    const membership = await database.db.membership.findFirst({
      where: { organizationId: account.id, userId: user.id },
    });
    expect(membership?.role).toBe("viewer");
    const after = await database.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.emailVerified).toBeInstanceOf(Date);
    expect(await codeOf(() => acceptInvitation(database.db, user.id, token))).toBe("not_found");
  });
});
