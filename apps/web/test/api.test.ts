// The REST API's route handlers in-process against a real database: token auth, roles (403), validation (422 with
// JSON Pointers), tenant isolation (404) and the response shapes of DESIGN §7.
import { generateApiToken } from "@gatehouse/db/secrets";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRole } from "@/server/context";
import { createApiToken, revokeApiToken } from "@/server/tokens/api-tokens";
import { makeAccount, SECRET_KEY, type TTestAccount } from "./helpers";

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

let database: TestDatabase;
let a: TTestAccount;
let b: TTestAccount;
const tokens: Record<string, string> = {};

async function token(account: TTestAccount, role: TRole): Promise<string> {
  const credential = generateApiToken();
  await database.db.apiToken.create({
    data: {
      organizationId: account.id,
      name: `${role}-token`,
      role,
      prefix: credential.prefix,
      tokenHash: credential.hash,
    },
  });
  return credential.value;
}

async function call(
  module: string,
  method: string,
  options: { token?: string; body?: unknown; params?: Record<string, string>; query?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const handlers = (await import(/* @vite-ignore */ `@/app/api/v1/${module}/route`)) as Record<
    string,
    THandler
  >;
  const handler = handlers[method];
  if (!handler) throw new Error(`${module} has no ${method}`);
  const request = new Request(`http://web.test/api/v1/${module}${options.query ?? ""}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      "content-type": "application/json",
    },
    ...(options.body !== undefined
      ? { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-0123456789";
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY.toString("base64");
  process.env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS = "1";
  process.env.GATEWAY_PUBLIC_URL = "http://gw.test";
  a = await makeAccount(database.db);
  b = await makeAccount(database.db);
  tokens.admin = await token(a, "admin");
  tokens.manager = await token(a, "policy_manager");
  tokens.viewer = await token(a, "viewer");
  tokens.other = await token(b, "admin");
});

afterAll(async () => {
  await database?.close();
});

describe("REST API", () => {
  let serverId = "";

  it("refuses a missing or unknown token with 401 and the error shape", async () => {
    const missing = await call("servers", "GET");
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: "unauthorized" } });
    const unknown = await call("servers", "GET", { token: "gate_at_nope" });
    expect(unknown.status).toBe(401);
  });

  it("refuses a token once it has expired or been revoked, with 401 like an unknown one", async () => {
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
    const expiring = await createApiToken(a.admin, { name: "expiring", role: "viewer", expiresAt: tomorrow });
    expect((await call("servers", "GET", { token: expiring.token })).status).toBe(200);
    // Time passes: the expiry is moved into the past, as only time could do it.
    await database.db.apiToken.update({
      where: { id: expiring.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await call("servers", "GET", { token: expiring.token });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: { code: "unauthorized", message: "Invalid API token" } });

    const revoking = await createApiToken(a.admin, { name: "revoking", role: "viewer" });
    expect((await call("servers", "GET", { token: revoking.token })).status).toBe(200);
    await revokeApiToken(a.admin, revoking.id);
    expect((await call("servers", "GET", { token: revoking.token })).status).toBe(401);
  });

  it("gives a viewer token 403 on changes", async () => {
    const response = await call("servers", "POST", {
      token: tokens.viewer,
      body: { name: "x", url: "http://127.0.0.1:1/mcp" },
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: { code: "forbidden" } });
  });

  it("answers 422 with JSON Pointer paths for invalid bodies, 400 for malformed JSON", async () => {
    const invalid = await call("servers", "POST", {
      token: tokens.manager,
      body: { name: "", url: "not a url" },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ error: { code: "validation_failed" } });
    const paths = (invalid.body.errors as Array<{ path: string }>).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["/name", "/url"]));
    const malformed = await call("servers", "POST", { token: tokens.manager, body: "{" });
    expect(malformed.status).toBe(400);
  });

  it("registers a server (201 {id, slug, gatewayUrl}) and lists it", async () => {
    const created = await call("servers", "POST", {
      token: tokens.manager,
      body: {
        name: "Docs",
        url: "http://127.0.0.1:9/mcp",
        transport: "streamable-http",
        headers: { "X-Api-Key": "s3cret" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: "docs", gatewayUrl: `http://gw.test/${a.slug}/docs/mcp` });
    serverId = String(created.body.id);
    const list = await call("servers", "GET", { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain("s3cret");
    expect((list.body.servers as Array<{ id: string }>).map((s) => s.id)).toContain(serverId);
  });

  it("publishes a policy with PUT, names the version with ?comment=, validates, lists and restores versions", async () => {
    const params = { id: serverId };
    const typo = await call("servers/[id]/policy", "PUT", {
      token: tokens.manager,
      params,
      body: { version: "1", default: "deny", tools: { echo: { ratelimit: { max: 1, window: 60 } } } },
    });
    expect(typo.status).toBe(422);
    expect((typo.body.errors as Array<{ path: string; message: string }>)[0]).toMatchObject({
      path: "/tools/echo/ratelimit",
    });
    const doc = { version: "1", default: "deny", tools: { echo: {} } };
    const v1 = await call("servers/[id]/policy", "PUT", {
      token: tokens.manager,
      params,
      body: doc,
      query: "?comment=first",
    });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, comment: "first" });
    await call("servers/[id]/policy", "PUT", {
      token: tokens.manager,
      params,
      body: { ...doc, default: "allow" },
    });
    const current = await call("servers/[id]/policy", "GET", { token: tokens.viewer, params });
    expect(current.body).toMatchObject({ version: 2, policy: { default: "allow" } });
    const versions = await call("servers/[id]/policy/versions", "GET", { token: tokens.viewer, params });
    expect((versions.body.versions as Array<{ version: number }>).map((v) => v.version)).toEqual([2, 1]);
    const restored = await call("servers/[id]/policy/versions/[n]/restore", "POST", {
      token: tokens.manager,
      params: { id: serverId, n: "1" },
    });
    expect(restored.body).toMatchObject({ version: 3, restoredFrom: 1 });
    const draft = await call("servers/[id]/policy/draft", "PUT", {
      token: tokens.manager,
      params,
      body: doc,
    });
    expect(draft.status).toBe(200);
    const simulated = await call("servers/[id]/policy/simulate", "POST", {
      token: tokens.viewer,
      params,
      body: { tool: "get-sum", arguments: {} },
    });
    expect(simulated.body).toMatchObject({ decision: "hidden", rule: "/default" });
    const valid = await call("policies/validate", "POST", { token: tokens.viewer, body: doc });
    expect(valid.status).toBe(200);
    const invalid = await call("policies/validate", "POST", { token: tokens.viewer, body: { version: "2" } });
    expect(invalid.status).toBe(422);
  });

  it("manages named policies and scopes an agent to one", async () => {
    const params = { id: serverId };
    const created = await call("servers/[id]/policies", "POST", {
      token: tokens.manager,
      params,
      body: { name: "read-only" },
    });
    expect(created.status).toBe(201);
    const policyId = String(created.body.id);
    const published = await call("servers/[id]/policies/[policyId]", "PUT", {
      token: tokens.manager,
      params: { id: serverId, policyId },
      body: { version: "1", default: "deny", tools: { "list_*": {} } },
    });
    expect(published.body).toMatchObject({ version: 1, policyId });
    const list = await call("servers/[id]/policies", "GET", { token: tokens.viewer, params });
    expect((list.body.policies as Array<{ name: string }>).map((p) => p.name)).toEqual([
      "default",
      "read-only",
    ]);
    const agent = await call("agents", "POST", {
      token: tokens.admin,
      body: { name: "reader", servers: [{ serverId, policyId }] },
    });
    expect(agent.status).toBe(201);
    expect((agent.body.servers as Array<{ policyId: string }>)[0]?.policyId).toBe(policyId);
    const foreign = await call("servers/[id]/policies/[policyId]", "GET", {
      token: tokens.other,
      params: { id: serverId, policyId },
    });
    expect(foreign.status).toBe(404);
  });

  it("creates an agent with its first key, issues and revokes keys; policy managers cannot see key material", async () => {
    const denied = await call("agents", "POST", {
      token: tokens.manager,
      body: { name: "ci-runner", serverIds: [serverId] },
    });
    expect(denied.status).toBe(403);
    const created = await call("agents", "POST", {
      token: tokens.admin,
      body: { name: "ci-runner", serverIds: [serverId] },
    });
    expect(created.status).toBe(201);
    expect(String(created.body.key)).toMatch(/^gate_ak_/);
    const agentId = String(created.body.id);
    const key = await call("agents/[id]/keys", "POST", {
      token: tokens.admin,
      params: { id: agentId },
      body: {},
    });
    expect(key.status).toBe(201);
    const past = await call("agents/[id]/keys", "POST", {
      token: tokens.admin,
      params: { id: agentId },
      body: { expiresAt: "2020-01-01T00:00:00Z" },
    });
    expect(past.status).toBe(422);
    expect(past.body.errors).toEqual([{ path: "/expiresAt", message: "The expiry must be in the future" }]);
    const revoked = await call("keys/[id]", "DELETE", {
      token: tokens.admin,
      params: { id: String(key.body.id) },
    });
    expect(revoked.body.revokedAt).toBeTruthy();
    const list = await call("agents", "GET", { token: tokens.viewer });
    expect(JSON.stringify(list.body)).not.toContain(String(created.body.key));
    const audit = await call("audit", "GET", { token: tokens.viewer, query: "?limit=10" });
    expect(audit.body).toMatchObject({ events: [] });
    const approvals = await call("approvals", "GET", { token: tokens.viewer, query: "?status=pending" });
    expect(approvals.body).toMatchObject({ approvals: [] });
  });

  it("answers 404 to another account's token for every id of this account", async () => {
    const agent = await database.db.agent.findFirst({ where: { organizationId: a.id } });
    const key = await database.db.agentKey.findFirst({ where: { organizationId: a.id } });
    const cases: Array<[string, string, Record<string, string>, unknown?]> = [
      ["servers/[id]", "GET", { id: serverId }],
      ["servers/[id]", "PATCH", { id: serverId }, { name: "pwned" }],
      ["servers/[id]", "DELETE", { id: serverId }],
      ["servers/[id]/tools", "GET", { id: serverId }],
      ["servers/[id]/policy", "GET", { id: serverId }],
      ["servers/[id]/policy", "PUT", { id: serverId }, { version: "1", default: "allow" }],
      ["servers/[id]/policy/versions", "GET", { id: serverId }],
      ["servers/[id]/policy/versions/[n]/restore", "POST", { id: serverId, n: "1" }],
      ["agents/[id]", "GET", { id: agent?.id ?? "" }],
      ["agents/[id]", "DELETE", { id: agent?.id ?? "" }],
      ["agents/[id]/keys", "POST", { id: agent?.id ?? "" }, {}],
      ["keys/[id]", "DELETE", { id: key?.id ?? "" }],
      ["servers/[id]", "GET", { id: "not-a-uuid" }],
    ];
    for (const [module, method, params, body] of cases) {
      const response = await call(module, method, { token: tokens.other, params, body });
      expect(response.status, `${method} ${module}`).toBe(404);
      expect(response.body).toMatchObject({ error: { code: "not_found" } });
    }
    const still = await call("servers/[id]", "GET", { token: tokens.viewer, params: { id: serverId } });
    expect(still.body).toMatchObject({ name: "Docs" });
  });
});
