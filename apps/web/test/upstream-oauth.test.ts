// Upstream OAuth through the REST API's route handlers, in-process, against the MCP SDK's example OAuth server (a
// real OAuth-protected upstream) and our fixture authorization server: register (OAuth detected), connect, the
// callback, sync with the connection, disconnect; and each bad input's message, with nothing stored.
import { generateApiToken } from "@gatehouse/db/secrets";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { type RunningOAuthUpstream, startOAuthUpstream } from "@gatehouse/test-fixtures/oauth-upstream.js";
import { type SpawnedOAuthExample, spawnOAuthExample } from "@gatehouse/test-fixtures/spawn-oauth-example.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAccount, SECRET_KEY, type TTestAccount } from "./helpers";

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

let database: TestDatabase;
let a: TTestAccount;
let admin = "";
let manager = "";
let example: SpawnedOAuthExample;
let fixture: RunningOAuthUpstream;

async function handler(module: string, method: string): Promise<THandler> {
  const handlers = (await import(/* @vite-ignore */ `@/app/${module}/route`)) as Record<string, THandler>;
  const found = handlers[method];
  if (!found) throw new Error(`${module} has no ${method}`);
  return found;
}

async function call(
  module: string,
  method: string,
  options: { token?: string; body?: unknown; params?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const request = new Request(`http://localhost:3000/${module}`, {
    method,
    headers: { authorization: `Bearer ${options.token ?? admin}`, "content-type": "application/json" },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const response = await (await handler(`api/v1/${module.replace(/^api\/v1\//, "")}`, method))(request, {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
}

/** Follows the authorization URL to the upstream's answer and hands it to our callback, as a browser would. */
async function signInAt(authorizationUrl: string): Promise<{ response: Response; callbackUrl: string }> {
  const answer = await fetch(authorizationUrl, { redirect: "manual" });
  const callbackUrl = answer.headers.get("location") ?? "";
  expect(callbackUrl.startsWith("http://localhost:3000/oauth/callback?")).toBe(true);
  return { response: await callback(callbackUrl), callbackUrl };
}

async function callback(url: string): Promise<Response> {
  return (await handler("oauth/callback", "GET"))(new Request(url), { params: Promise.resolve({}) });
}

async function connect(serverId: string): Promise<string> {
  const started = await call("servers/[id]/connect", "POST", { params: { id: serverId } });
  expect(started.status).toBe(200);
  return String(started.body.authorizationUrl);
}

beforeAll(async () => {
  [database, example, fixture] = await Promise.all([
    createTestDatabase(),
    spawnOAuthExample(),
    startOAuthUpstream({ accessTtl: 3600 }),
  ]);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-0123456789";
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY.toString("base64");
  process.env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS = "1";
  process.env.WEB_PUBLIC_URL = "http://localhost:3000";
  a = await makeAccount(database.db);
  for (const role of ["admin", "policy_manager"] as const) {
    const credential = generateApiToken();
    await database.db.apiToken.create({
      data: { organizationId: a.id, name: role, role, prefix: credential.prefix, tokenHash: credential.hash },
    });
    if (role === "admin") admin = credential.value;
    else manager = credential.value;
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([example?.stop(), fixture?.close()]);
  await database?.close();
});

describe("upstream OAuth, REST", () => {
  it("registers the SDK's OAuth example as an oauth server, connects, syncs with the connection and disconnects", async () => {
    const registered = await call("servers", "POST", { body: { name: "OAuth example", url: example.url } });
    expect(registered.status).toBe(201);
    expect(registered.body.auth).toBe("oauth");
    const id = String(registered.body.id);
    const before = await call("servers/[id]", "GET", { params: { id } });
    expect(before.body).toMatchObject({
      auth: "oauth",
      connectionMode: "shared",
      connection: { status: "not_connected" },
    });
    const notYet = await call("servers/[id]/sync", "POST", { params: { id } });
    expect(notYet.status).toBe(409);
    expect(String((notYet.body.error as { message: string }).message)).toMatch(/connect it first/);

    const authorizationUrl = await connect(id);
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(example.authOrigin);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("resource")).toBe(example.url);
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/oauth/callback");
    const { response, callbackUrl } = await signInAt(authorizationUrl);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `http://localhost:3000/${a.slug}/servers/oauth-example?connected=oauth-example`,
    );

    const after = await call("servers/[id]", "GET", { params: { id } });
    expect(after.body.connection).toMatchObject({ status: "connected", scopes: ["mcp:tools"] });
    expect(Date.parse(String((after.body.connection as { expiresAt: string }).expiresAt))).toBeGreaterThan(
      Date.now(),
    );
    const row = await database.db.upstreamConnection.findFirstOrThrow({
      where: { serverId: id },
      omit: { accessTokenEnc: false },
    });
    expect(row.accessTokenEnc).toMatch(/^v1\./); // encrypted at rest
    expect(after.text).not.toContain(row.accessTokenEnc ?? "");
    expect(after.text).not.toMatch(/token"/i);

    const synced = await call("servers/[id]/sync", "POST", { params: { id } });
    expect(synced.status).toBe(200);
    const names = (synced.body.tools as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["greet", "multi-greet"]));

    // The state was single-use: the same answer again is refused and changes nothing.
    const replay = await callback(callbackUrl);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("unknown or was already used");

    expect((await call("servers/[id]/connect", "DELETE", { params: { id } })).status).toBe(204);
    expect(await database.db.upstreamConnection.count({ where: { serverId: id } })).toBe(0);
    const gone = await call("servers/[id]", "GET", { params: { id } });
    expect(gone.body.connection).toEqual({ status: "not_connected" });
  });

  it("refuses unknown and expired states, and an authorization server's refusal, storing nothing", async () => {
    const registered = await call("servers", "POST", { body: { name: "Fixture", url: fixture.url } });
    expect(registered.body.auth).toBe("oauth");
    const id = String(registered.body.id);
    const unknown = await callback("http://localhost:3000/oauth/callback?state=made-up&code=x");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("unknown or was already used");

    const stale = await connect(id);
    await database.db.upstreamAuthState.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await signInAt(stale);
    expect(expired.response.status).toBe(400);
    expect(await expired.response.text()).toContain("expired (sign-ins last 10 minutes)");

    fixture.failNext.authorize = "access_denied";
    const refused = await signInAt(await connect(id));
    expect(refused.response.status).toBe(422);
    expect(await refused.response.text()).toContain("refused the sign-in: access_denied");

    fixture.failNext.token = "invalid_grant";
    const badCode = await signInAt(await connect(id));
    expect(badCode.response.status).toBe(422);
    expect(await badCode.response.text()).toContain("invalid_grant");
    expect(await database.db.upstreamConnection.count({ where: { serverId: id } })).toBe(0);

    // Sign-ins in progress are only for admins and policy managers; a per-agent request on a shared server is refused.
    const agentPath = "agents/[id]/servers/[serverId]/connect";
    const wrongMode = await call(agentPath, "POST", { params: { id: a.id, serverId: id } });
    expect(wrongMode.status).toBe(409);
    expect((await call("servers/[id]/connect", "POST", { token: manager, params: { id } })).status).toBe(200);
  });

  it("accepts a token without expires_in, and says the authorization expired when refresh is refused", async () => {
    const noExpiry = await startOAuthUpstream({ omitExpiresIn: true });
    try {
      const registered = await call("servers", "POST", { body: { name: "No expiry", url: noExpiry.url } });
      const id = String(registered.body.id);
      await signInAt(await connect(id));
      const shown = await call("servers/[id]", "GET", { params: { id } });
      expect(shown.body.connection).toMatchObject({ status: "connected" });
      expect((shown.body.connection as { expiresAt?: string }).expiresAt).toBeUndefined();
      // The upstream stops accepting the token and its refresh token is revoked: sync marks the connection expired.
      noExpiry.revokeUser("user-1");
      const synced = await call("servers/[id]/sync", "POST", { params: { id } });
      expect(synced.status).toBe(422);
      expect((synced.body.error as { message: string }).message).toBe(
        "Sync failed: Upstream authorization expired: reconnect No expiry in Gatehouse",
      );
      const after = await call("servers/[id]", "GET", { params: { id } });
      expect(after.body.connection).toMatchObject({
        status: "expired",
        error: expect.stringContaining("invalid_grant"),
      });
      expect(after.body.lastSyncError).toBe(
        "Upstream authorization expired: reconnect No expiry in Gatehouse",
      );
    } finally {
      await noExpiry.close();
    }
  });

  it("explains a server that cannot register Gatehouse, takes an admin's client id, and never shows its secret", async () => {
    const closed = await startOAuthUpstream({ noRegistration: true });
    try {
      const refused = await call("servers", "POST", { body: { name: "Closed", url: closed.url } });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        { path: "/oauthClient/clientId", message: expect.stringContaining("enter the client ID") },
      ]);
      expect(await database.db.server.count({ where: { organizationId: a.id, name: "Closed" } })).toBe(0);
      const body = {
        name: "Closed",
        url: closed.url,
        auth: "oauth",
        oauthClient: { clientId: "given-id", clientSecret: "s3cret-value" },
      };
      expect((await call("servers", "POST", { token: manager, body })).status).toBe(403);
      const registered = await call("servers", "POST", { body });
      expect(registered.status).toBe(201);
      const row = await database.db.upstreamOAuthClient.findFirstOrThrow({
        where: { serverId: String(registered.body.id) },
        omit: { clientSecretEnc: false },
      });
      expect(row).toMatchObject({ registration: "manual", clientId: "given-id" });
      expect(row.clientSecretEnc).not.toContain("s3cret");
      const shown = await call("servers/[id]", "GET", { params: { id: String(registered.body.id) } });
      expect(shown.text).not.toContain("s3cret");
    } finally {
      await closed.close();
    }
  });

  it("refuses metadata that is missing or on a private address (in production), storing nothing", async () => {
    const plain = await call("servers", "POST", {
      body: { name: "Not OAuth", url: `${fixture.origin}/nothing-here`, auth: "oauth" },
    });
    expect(plain.status).toBe(422);
    expect((plain.body.errors as { path: string }[])[0]?.path).toBe("/url");
    process.env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS = "0";
    try {
      // The web app reads its environment once; a production-like context is built directly.
      const { registerServer } = await import("@/server/servers/register-server");
      const production = { ...a.admin, settings: { ...a.admin.settings, allowPrivateUpstreams: false } };
      await expect(
        registerServer(production, { name: "Private", url: fixture.url, auth: "oauth" }),
      ).rejects.toThrow(/private, loopback or link-local/);
    } finally {
      process.env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS = "1";
    }
    expect(
      await database.db.server.count({
        where: { organizationId: a.id, name: { in: ["Not OAuth", "Private"] } },
      }),
    ).toBe(0);
  });

  it("connects one agent of a per_agent server, by an admin or by an oauth agent's own user", async () => {
    const registered = await call("servers", "POST", {
      body: { name: "Per agent", url: fixture.url, connectionMode: "per_agent" },
    });
    const serverId = String(registered.body.id);
    expect(registered.body.auth).toBe("oauth");
    const created = await call("agents", "POST", { body: { name: "per-agent-key", serverIds: [serverId] } });
    const agentId = String((created.body.agent as { id?: string } | undefined)?.id ?? created.body.id);
    const path = "agents/[id]/servers/[serverId]/connect";
    const params = { id: agentId, serverId };
    expect((await call("servers/[id]/connect", "POST", { params: { id: serverId } })).status).toBe(409);
    expect((await call(path, "POST", { token: manager, params })).status).toBe(403);
    const started = await call(path, "POST", { params });
    expect(started.status).toBe(200);
    const { response } = await signInAt(String(started.body.authorizationUrl));
    expect(response.headers.get("location")).toBe(
      `http://localhost:3000/${a.slug}/agents/${agentId}?connected=per-agent`,
    );
    const agent = await call("agents/[id]", "GET", { params: { id: agentId } });
    const scope = (agent.body.servers as { serverId: string; connection?: { status: string } }[]).find(
      (entry) => entry.serverId === serverId,
    );
    expect(scope?.connection?.status).toBe("connected");

    // An oauth agent's own user (a policy manager) may connect it; another policy manager may not.
    const { startUpstreamConnect } = await import("@/server/connections/start-upstream-connect");
    const owner = await a.as("policy_manager");
    const other = await a.as("policy_manager");
    const oauthAgent = await database.db.agent.create({
      data: {
        organizationId: a.id,
        name: "Claude (owner)",
        kind: "oauth",
        oauthUserId: owner.actor.userId,
        servers: { create: [{ serverId }] },
      },
    });
    await expect(startUpstreamConnect(owner, serverId, { agentId: oauthAgent.id })).resolves.toMatchObject({
      authorizationUrl: expect.stringContaining(fixture.origin),
    });
    await expect(startUpstreamConnect(other, serverId, { agentId: oauthAgent.id })).rejects.toThrow(
      /Only admins/,
    );
  });

  it("serves Gatehouse's client ID metadata document", async () => {
    const response = await (await handler("oauth/client-metadata.json", "GET"))(
      new Request("http://localhost:3000/"),
      {
        params: Promise.resolve({}),
      },
    );
    expect(await response.json()).toMatchObject({
      client_id: "http://localhost:3000/oauth/client-metadata.json",
      redirect_uris: ["http://localhost:3000/oauth/callback"],
      token_endpoint_auth_method: "none",
    });
  });
});
