// Housekeeping: requests, codes and refresh tokens an hour past their expiry are deleted; live ones, and used
// refresh tokens still within their lifetime (reuse detection needs them), stay.
import { seedOAuthGrant, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneExpired } from "@/server/oauth/prune-expired";
import { makeAccount } from "../helpers";

describe("oauth housekeeping", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  it("deletes only what is an hour past its expiry", async () => {
    const db = database.db;
    const a = await makeAccount(db);
    const server = await seedServer(db, { organizationId: a.id, slug: "fx", url: "http://127.0.0.1:1/mcp" });
    const { grant, client } = await seedOAuthGrant(db, {
      organizationId: a.id,
      serverId: server.id,
      userId: a.admin.actor.userId ?? "",
      resource: `http://gateway.test/${a.slug}/fx/oauth/mcp`,
    });
    const longAgo = new Date(Date.now() - 2 * 3600_000);
    const later = new Date(Date.now() + 3600_000);
    for (const [name, expiresAt] of [
      ["old", longAgo],
      ["live", later],
    ] as const) {
      await db.oAuthAuthorizationRequest.create({
        data: {
          id: crypto.randomUUID(),
          clientId: client.id,
          redirectUri: "http://127.0.0.1/callback",
          codeChallenge: name,
          resource: grant.resource,
          expiresAt,
        },
      });
      await db.oAuthAuthorizationCode.create({
        data: {
          grantId: grant.id,
          codeHash: `code-${name}`,
          redirectUri: "x",
          codeChallenge: name,
          expiresAt,
        },
      });
      await db.oAuthRefreshToken.create({
        data: { grantId: grant.id, tokenHash: `refresh-${name}`, expiresAt, usedAt: new Date() },
      });
    }
    await pruneExpired(db);
    expect((await db.oAuthAuthorizationRequest.findMany()).map((row) => row.codeChallenge)).toEqual(["live"]);
    expect((await db.oAuthAuthorizationCode.findMany()).map((row) => row.codeChallenge)).toEqual(["live"]);
    const tokens = await db.oAuthRefreshToken.findMany({ omit: { tokenHash: false } });
    expect(tokens.map((row) => row.tokenHash)).toEqual(["refresh-live"]);
  });
});
