// The account URL in the REST API (DESIGN §5, §7): every key agent, listed, fetched or just created, carries the one
// gateway URL that gathers all its servers, built from GATEWAY_PUBLIC_URL and its own account, never another's; an
// agent that signed in (bound to one server's OAuth URL) has none.
import { seedOAuthGrant, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAccount, SECRET_KEY, type TTestAccount } from "./helpers";
import { apiToken, callApi } from "./rest";

let database: TestDatabase;
let a: TTestAccount;
let b: TTestAccount;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-0123456789";
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY.toString("base64");
  process.env.GATEWAY_PUBLIC_URL = "http://gw.test";
  a = await makeAccount(database.db);
  b = await makeAccount(database.db);
});

afterAll(async () => {
  await database?.close();
});

describe("REST: the account URL of each agent", () => {
  it("comes with a key agent when it is created, listed and fetched", async () => {
    const docs = await seedServer(database.db, {
      organizationId: a.id,
      slug: "docs",
      url: "http://127.0.0.1:1/mcp",
    });
    const wiki = await seedServer(database.db, {
      organizationId: a.id,
      slug: "wiki",
      url: "http://127.0.0.1:2/mcp",
    });
    const admin = await apiToken(database.db, a.id, "admin");
    const created = await callApi("agents", "POST", {
      token: admin,
      body: { name: "laptop", serverIds: [docs.id, wiki.id] },
    });
    expect(created.status).toBe(201);
    const accountUrl = `http://gw.test/${a.slug}/mcp`;
    expect(created.body.accountUrl).toBe(accountUrl);
    // The account URL gathers the servers each of which also keeps its own URL.
    expect(created.body.servers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ serverSlug: "docs", gatewayUrl: `http://gw.test/${a.slug}/docs/mcp` }),
        expect.objectContaining({ serverSlug: "wiki", gatewayUrl: `http://gw.test/${a.slug}/wiki/mcp` }),
      ]),
    );

    const viewer = await apiToken(database.db, a.id, "viewer");
    const list = await callApi("agents", "GET", { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body.agents).toEqual([expect.objectContaining({ id: created.body.id, accountUrl })]);
    const one = await callApi("agents/[id]", "GET", {
      token: viewer,
      params: { id: String(created.body.id) },
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: created.body.id, accountUrl });
  });

  it("is null for an agent that signed in", async () => {
    const server = await seedServer(database.db, {
      organizationId: b.id,
      slug: "fx",
      url: "http://127.0.0.1:1/mcp",
    });
    const { agent } = await seedOAuthGrant(database.db, {
      organizationId: b.id,
      serverId: server.id,
      userId: b.admin.actor.userId ?? "",
      resource: `http://gw.test/${b.slug}/fx/oauth/mcp`,
      clientName: "Claude",
    });
    const token = await apiToken(database.db, b.id, "viewer");
    const one = await callApi("agents/[id]", "GET", { token, params: { id: agent.id } });
    expect(one.body).toMatchObject({ kind: "oauth", accountUrl: null });
    // Each account's agents carry that account's URL only.
    await callApi("agents", "POST", {
      token: await apiToken(database.db, b.id, "admin"),
      body: { name: "ci", serverIds: [server.id] },
    });
    const list = await callApi("agents", "GET", { token });
    expect(
      (list.body.agents as Array<{ accountUrl: string | null }>).map((listed) => listed.accountUrl),
    ).toEqual([`http://gw.test/${b.slug}/mcp`, null]);
  });
});
