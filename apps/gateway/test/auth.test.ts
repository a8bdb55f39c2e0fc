import { request } from "node:http";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  SECRET_KEY,
  startGateway,
  testDatabase,
  textOf,
} from "./helpers/gateway.js";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "probe", version: "1" } },
};

async function probe(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(INITIALIZE),
  });
  return {
    status: response.status,
    www: response.headers.get("www-authenticate"),
    body: await response.text(),
  };
}

function rawRequest(port: number, path: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(JSON.stringify(INITIALIZE));
  });
}

describe("identity and routing", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    const db = database.db;
    const org = await seedOrganization(db);
    const other = await seedOrganization(db);
    account = org.slug;
    const allowAll = { version: "1", default: "allow" };
    const fx = await seedServer(db, {
      organizationId: org.id,
      slug: "fx",
      url: upstream.url,
      headers: { "x-upstream-token": "upstream-secret" },
      secretKey: SECRET_KEY,
    });
    const other1 = await seedServer(db, { organizationId: org.id, slug: "other", url: upstream.url });
    const pub = await seedServer(db, {
      organizationId: org.id,
      slug: "pub",
      url: upstream.url,
      public: true,
    });
    const foreignServer = await seedServer(db, { organizationId: other.id, slug: "fx", url: upstream.url });
    for (const server of [fx, other1, pub, foreignServer])
      await seedPolicy(db, { serverId: server.id, document: allowAll });
    keys.good = (await seedAgent(db, { organizationId: org.id, serverIds: [fx.id], name: "good" })).key;
    keys.unscoped = (
      await seedAgent(db, { organizationId: org.id, serverIds: [other1.id], name: "unscoped" })
    ).key;
    const revoked = await seedAgent(db, { organizationId: org.id, serverIds: [fx.id], name: "revoked" });
    await db.agentKey.updateMany({ where: { agentId: revoked.agent.id }, data: { revokedAt: new Date() } });
    keys.revoked = revoked.key;
    keys.expired = (
      await seedAgent(db, {
        organizationId: org.id,
        serverIds: [fx.id],
        name: "expired",
        expiresAt: new Date(1000),
      })
    ).key;
    keys.foreign = (await seedAgent(db, { organizationId: other.id, serverIds: [foreignServer.id] })).key;
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("answers every credential or routing problem with the same 401", async () => {
    const url = mcpUrl(gw.base, account, "fx").toString();
    const cases = [
      await probe(url),
      await probe(url, { authorization: "Bearer gate_ak_nope" }),
      await probe(url, { authorization: "Basic abc" }),
      await probe(url, { authorization: `Bearer ${keys.revoked}` }),
      await probe(url, { authorization: `Bearer ${keys.expired}` }),
      await probe(url, { authorization: `Bearer ${keys.foreign}` }),
      await probe(mcpUrl(gw.base, account, "nope").toString(), { authorization: `Bearer ${keys.good}` }),
      await probe(mcpUrl(gw.base, "no-such-account", "fx").toString(), {
        authorization: `Bearer ${keys.good}`,
      }),
    ];
    // The text names the requested path's OAuth URL: the same path gives the same bytes, another path differs in
    // that URL only, never in whether the account or server exists.
    const samePath = (answer: (typeof cases)[number]) => ({
      ...answer,
      body: answer.body.replace(/\/[^/ "]+\/[^/ "]+\/oauth\/mcp/, "/{account}/{server}/oauth/mcp"),
    });
    for (const answer of cases) {
      expect(samePath(answer)).toEqual(samePath(cases[0] ?? answer));
    }
    expect(cases.slice(0, 6).every((answer) => answer.body === cases[0]?.body)).toBe(true);
    expect(cases[0]?.status).toBe(401);
    expect(cases[0]?.www).toBe('Bearer realm="gatehouse"');
    expect(JSON.parse(cases[0]?.body ?? "{}")).toMatchObject({ jsonrpc: "2.0", error: { code: -32001 } });
  });

  it("names the OAuth URL and the header to send in the key URL's 401, and advertises no OAuth discovery", async () => {
    for (const [acct, server] of [
      [account, "fx"],
      ["no-such-account", "nope"],
    ] as const) {
      const answer = await probe(mcpUrl(gw.base, acct, server).toString());
      expect(answer.status).toBe(401);
      expect(answer.www).toBe('Bearer realm="gatehouse"');
      expect(answer.www).not.toContain("resource_metadata");
      const { message } = (JSON.parse(answer.body) as { error: { message: string } }).error;
      // GATEWAY_PUBLIC_URL in the test config is http://127.0.0.1.
      expect(message).toContain(`http://127.0.0.1/${acct}/${server}/oauth/mcp`);
      expect(message).toContain("Authorization: Bearer gate_ak_");
    }
    const sse = await fetch(`${gw.base}/${account}/fx/sse`, { headers: { accept: "text/event-stream" } });
    expect(sse.status).toBe(401);
    expect(sse.headers.get("www-authenticate")).toBe('Bearer realm="gatehouse"');
    expect(((await sse.json()) as { error: { message: string } }).error.message).toContain(
      `/${account}/fx/oauth/mcp`,
    );
  });

  it("answers 403 to a valid key whose agent is not scoped to the server", async () => {
    const answer = await probe(mcpUrl(gw.base, account, "fx").toString(), {
      authorization: `Bearer ${keys.unscoped}`,
    });
    expect(answer.status).toBe(403);
  });

  it("sends the server's stored headers upstream, never the agent's Authorization or cookies", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), keys.good);
    const result = await client.callTool({ name: "headers", arguments: {} });
    const seen = JSON.parse(textOf(result)) as Record<string, string>;
    expect(seen["x-upstream-token"]).toBe("upstream-secret");
    expect(seen.authorization).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
    for (const headers of upstream.requests) {
      expect(String(headers.authorization ?? "")).not.toContain("gate_ak_");
    }
    await client.close();
  });

  it("serves a public server without a key as the account's anonymous agent", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "pub"), undefined);
    const result = await client.callTool({ name: "echo", arguments: { message: "hi" } });
    expect(textOf(result)).toBe("hi");
    await client.close();
    const anonymous = await database.db.agent.findFirst({
      where: { isAnonymous: true, organization: { slug: account } },
    });
    expect(anonymous?.name).toBe("anonymous");
  });

  it("refuses a foreign Host or browser Origin (DNS rebinding)", async () => {
    const path = `/${account}/fx/mcp`;
    const base = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    expect(await rawRequest(gw.port, path, { ...base, host: "evil.example" })).toBe(403);
    expect(
      await rawRequest(gw.port, path, { ...base, host: "127.0.0.1", origin: "http://evil.example" }),
    ).toBe(403);
    expect(
      await rawRequest(gw.port, path, { ...base, host: "localhost", origin: "http://localhost:3000" }),
    ).toBe(401);
  });

  it("answers 404 for an unknown session and for another agent's session", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), keys.good);
    const url = mcpUrl(gw.base, account, "pub").toString();
    const sessionId = (client.transport as { sessionId?: string }).sessionId ?? "";
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
    const stolen = await fetch(url, {
      method: "POST",
      headers: { ...headers, "mcp-session-id": sessionId },
      body: ping,
    });
    expect(stolen.status).toBe(404);
    const unknown = await fetch(url, {
      method: "POST",
      headers: { ...headers, "mcp-session-id": "nope" },
      body: ping,
    });
    expect(unknown.status).toBe(404);
    await client.close();
  });

  it("serves /healthz, /readyz and Prometheus /metrics", async () => {
    expect((await fetch(`${gw.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${gw.base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toContain("gatehouse_decisions_total");
    expect(metrics).toContain("gatehouse_upstream_latency_seconds_bucket");
    expect(metrics).toMatch(/gatehouse_active_sessions \d+/);
  });
  it("records when a key was last used, written off the request path", async () => {
    await gw.stop();
    const rows = await database.db.agentKey.findMany({ where: { agent: { name: "good" } } });
    expect(rows[0]?.lastUsedAt).toBeInstanceOf(Date);
  });
});
