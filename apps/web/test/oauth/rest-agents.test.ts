// /api/v1/agents for agents of kind `oauth`, through the route handlers in-process: listed with `client` and
// `user`; POST …/revoke (admins only, own account only) revokes their grants; DELETE removes agent and grants.

import { generateApiToken } from "@gatehouse/db/secrets";
import { seedOAuthGrant, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRole } from "@/server/context";
import { makeAccount, SECRET_KEY, type TTestAccount } from "../helpers";

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

let database: TestDatabase;

async function token(account: TTestAccount, role: TRole): Promise<string> {
  const credential = generateApiToken();
  await database.db.apiToken.create({
    data: {
      organizationId: account.id,
      name: role,
      role,
      prefix: credential.prefix,
      tokenHash: credential.hash,
    },
  });
  return credential.value;
}

async function call(module: string, method: string, bearer: string, params: Record<string, string> = {}) {
  const handlers = (await import(/* @vite-ignore */ `@/app/api/v1/${module}/route`)) as Record<
    string,
    THandler
  >;
  const handler = handlers[method];
  if (!handler) throw new Error(`${module} has no ${method}`);
  const response = await handler(
    new Request(`http://web.test/api/v1/${module}`, {
      method,
      headers: { authorization: `Bearer ${bearer}` },
    }),
    { params: Promise.resolve(params) },
  );
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe("REST: oauth agents", () => {
  let a: TTestAccount;
  let b: TTestAccount;
  let agentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = "test-auth-secret-0123456789-0123456789";
    process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY.toString("base64");
    process.env.GATEWAY_PUBLIC_URL = "http://gw.test";
    a = await makeAccount(database.db);
    b = await makeAccount(database.db);
    const server = await seedServer(database.db, {
      organizationId: a.id,
      slug: "fx",
      url: "http://127.0.0.1:1/mcp",
    });
    const seeded = await seedOAuthGrant(database.db, {
      organizationId: a.id,
      serverId: server.id,
      userId: a.admin.actor.userId ?? "",
      resource: `http://gw.test/${a.slug}/fx/oauth/mcp`,
      clientName: "ChatGPT",
    });
    agentId = seeded.agent.id;
  });

  afterAll(async () => {
    await database?.close();
  });

  it("lists the agent with its client and user", async () => {
    const { status, body } = await call("agents", "GET", await token(a, "viewer"));
    expect(status).toBe(200);
    expect((body.agents as unknown[])[0]).toMatchObject({
      id: agentId,
      kind: "oauth",
      client: { name: "ChatGPT" },
      user: { email: a.admin.actor.label },
      activeGrants: 1,
    });
  });

  it("revokes for admins of the account only, then deletes", async () => {
    const params = { id: agentId };
    expect((await call("agents/[id]/revoke", "POST", await token(a, "viewer"), params)).status).toBe(403);
    expect((await call("agents/[id]/revoke", "POST", await token(b, "admin"), params)).status).toBe(404);
    const admin = await token(a, "admin");
    const revoked = await call("agents/[id]/revoke", "POST", admin, params);
    expect(revoked).toMatchObject({ status: 200, body: { activeGrants: 0 } });
    expect(await database.db.oAuthGrant.count({ where: { agentId, revokedAt: null } })).toBe(0);
    expect((await call("agents/[id]", "DELETE", admin, params)).status).toBe(204);
    expect(await database.db.oAuthGrant.count({ where: { agentId } })).toBe(0);
  });
});
