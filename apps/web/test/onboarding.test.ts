// Onboarding that checks itself, against a real server-everything and a real database: the connection check
// before registering (and its words for an unreachable server), a catalogue entry's recommended policy as the new
// server's draft, the first-run checklist ticking from data and staying dismissed, the built-in test-call agent,
// and server health from the audit log.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { getCatalogEntry } from "@gatehouse/catalog";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { UpstreamError } from "@gatehouse/upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleArguments } from "@/lib/example-arguments";
import { createAgent } from "@/server/agents/create-agent";
import { listAgents } from "@/server/agents/list-agents";
import { dismissChecklist } from "@/server/onboarding/dismiss-checklist";
import { getChecklist } from "@/server/onboarding/get-checklist";
import { publishPolicy } from "@/server/policies/publish-policy";
import { checkConnection } from "@/server/servers/check-connection";
import { explainUpstreamError } from "@/server/servers/explain-upstream-error";
import { listServers } from "@/server/servers/list-servers";
import { registerServer } from "@/server/servers/register-server";
import { issueTestCallIdentity } from "@/server/test-calls/test-call-agent";
import { codeOf, makeAccount, type TTestAccount } from "./helpers";

const refused = (url: string) =>
  new UpstreamError("connect_failed", `Could not connect to the upstream: connect ECONNREFUSED ${url}`);

describe("explainUpstreamError", () => {
  const http = (url: string) => ({ transport: "streamable_http", url });
  it("says what to check rather than the socket error", () => {
    expect(explainUpstreamError(refused("127.0.0.1:9"), http("http://127.0.0.1:9/mcp"))).toMatch(
      /^Nothing is listening at 127\.0\.0\.1:9\. Check that the server is running/,
    );
    const dns = new UpstreamError("connect_failed", "getaddrinfo ENOTFOUND mcp.exmaple.com");
    expect(explainUpstreamError(dns, http("https://mcp.exmaple.com/mcp"))).toContain(
      "The host name in the URL (mcp.exmaple.com) could not be found",
    );
    const notFound = new UpstreamError(
      "connect_failed",
      "Streamable HTTP error: Error POSTing to endpoint: 404",
    );
    expect(explainUpstreamError(notFound, http("http://h.example/api"))).toContain("not at /api");
    const html = new UpstreamError("connect_failed", "Unexpected content type: text/html");
    expect(explainUpstreamError(html, http("http://h.example/"))).toContain("not as an MCP server");
    const tls = new UpstreamError("connect_failed", "write EPROTO SSL routines:wrong version number");
    expect(explainUpstreamError(tls, http("https://h.example/mcp"))).toContain(
      "http:// rather than https://",
    );
    const timeout = new UpstreamError("timeout", "Connecting to the upstream timed out after 20000 ms");
    expect(explainUpstreamError(timeout, http("http://h.example/mcp"))).toContain("did not answer within 20");
  });
});

describe("exampleArguments", () => {
  it("fills each required property with a value of its type", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "string" }, mode: { enum: ["x", "y"] }, c: {} },
      required: ["a", "b", "mode"],
    };
    expect(exampleArguments(schema)).toEqual({ a: 1, b: "test", mode: "x" });
    expect(exampleArguments(undefined)).toEqual({});
  });
});

describe("onboarding", () => {
  let database: TestDatabase;
  let upstream: SpawnedServer;
  let a: TTestAccount;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([createTestDatabase(), spawnEverything("streamableHttp")]);
    a = await makeAccount(database.db);
  });

  afterAll(async () => {
    await upstream?.stop();
    await database?.close();
  });

  it("checks the connection before registering and explains an unreachable server", async () => {
    const ok = await checkConnection(a.admin, { name: "Everything", url: upstream.url });
    expect(ok.signInRequired).toBe(false);
    expect(ok.serverName).toBeTruthy();
    let message = "";
    try {
      await checkConnection(a.admin, { name: "Dead", url: "http://127.0.0.1:9/mcp" });
    } catch (error: unknown) {
      expect((error as { code?: string }).code).toBe("upstream_unavailable");
      message = (error as { errors?: Array<{ path: string; message: string }> }).errors?.[0]?.message ?? "";
    }
    expect(message).toMatch(/^Nothing is listening at 127\.0\.0\.1:9\./);
    expect(await database.db.server.count({ where: { organizationId: a.id } })).toBe(0);
    // A server that asks for sign-in (401, as an OAuth-protected server answers) counts as reachable.
    const guarded = createServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" });
      res.end(JSON.stringify({ error: "invalid_token", error_description: "Missing Authorization header" }));
    });
    await new Promise<void>((resolve) => guarded.listen(0, "127.0.0.1", resolve));
    const port = (guarded.address() as { port: number }).port;
    try {
      expect(await checkConnection(a.admin, { name: "OAuth", url: `http://127.0.0.1:${port}/mcp` })).toEqual({
        signInRequired: true,
      });
    } finally {
      await new Promise((resolve) => guarded.close(resolve));
    }
    // The SSRF guard answers before any connection is tried.
    const strict = { ...a.admin, settings: { ...a.admin.settings, allowPrivateUpstreams: false } };
    expect(await codeOf(() => checkConnection(strict, { name: "x", url: upstream.url }))).toBe(
      "validation_failed",
    );
  });

  it("gives a server started from the catalogue its recommended policy as an unpublished draft", async () => {
    const server = await registerServer(a.admin, {
      name: "Everything",
      slug: "everything",
      url: upstream.url,
      catalogEntry: "server-everything",
    });
    const policy = await database.db.policy.findFirst({ where: { serverId: server.id, isDefault: true } });
    expect(policy?.draft).toEqual(getCatalogEntry("server-everything")?.recommendedPolicy);
    expect(policy?.currentVersion).toBeNull();
    expect(
      await codeOf(() =>
        registerServer(a.admin, { name: "X", url: upstream.url, catalogEntry: "no-such-entry" }),
      ),
    ).toBe("validation_failed");
  });

  it("ticks the checklist from real data, and a dismissal sticks to the member", async () => {
    const b = await makeAccount(database.db);
    const member = await b.as("viewer");
    expect((await getChecklist(b.admin)).steps).toEqual({
      register: false,
      policy: false,
      agent: false,
      call: false,
    });
    const server = await registerServer(b.admin, { name: "Everything", url: upstream.url });
    expect((await getChecklist(b.admin)).steps.register).toBe(true);
    await publishPolicy(b.admin, server.id, { document: { version: "1", default: "deny", tools: {} } });
    expect((await getChecklist(b.admin)).steps.policy).toBe(true);

    // A test call's agent and its calls do not count: the steps are about a real MCP client.
    const test = await issueTestCallIdentity(b.admin, server.id);
    const audit = (agentId: string) =>
      database.db.auditEvent.create({
        data: {
          id: randomUUID(),
          organizationId: b.id,
          serverId: server.id,
          agentId,
          method: "tools/call",
          tool: "echo",
          decision: "denied",
        },
      });
    await audit(test.agentId);
    expect((await getChecklist(b.admin)).steps).toMatchObject({ agent: false, call: false });
    const { agent } = await createAgent(b.admin, { name: "laptop", serverIds: [server.id] });
    await audit(agent.id);
    expect(await getChecklist(b.admin)).toMatchObject({
      steps: { agent: true, call: true },
      done: true,
      dismissed: false,
    });

    await dismissChecklist(b.admin);
    expect((await getChecklist(b.admin)).dismissed).toBe(true);
    expect((await getChecklist(member)).dismissed).toBe(false);
  });

  it("runs test calls as one built-in agent per member, named after them and not listed as an agent", async () => {
    const server = (await listServers(a.admin))[0];
    if (!server) throw new Error("no server");
    const first = await issueTestCallIdentity(a.admin, server.id);
    const second = await issueTestCallIdentity(a.admin, server.id);
    expect(second.agentId).toBe(first.agentId);
    expect(first.agentName).toBe(`Dashboard test call — ${a.admin.actor.label}`);
    expect(first.key).toMatch(/^gate_ak_/);
    const key = await database.db.agentKey.findUnique({ where: { id: first.keyId } });
    expect(key?.expiresAt && key.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(2 * 60 * 1000);
    const scope = await database.db.agentServer.findFirst({ where: { agentId: first.agentId } });
    expect(scope).toMatchObject({ serverId: server.id, policyId: null });
    expect((await listAgents(a.admin)).map((agent) => agent.id)).not.toContain(first.agentId);
    const other = await a.as("policy_manager");
    expect((await issueTestCallIdentity(other, server.id)).agentId).not.toBe(first.agentId);
  });

  it("shows the last upstream failure of a call on the server list", async () => {
    const server = (await listServers(a.admin))[0];
    if (!server) throw new Error("no server");
    expect(server.lastUpstreamError).toBeNull();
    await database.db.auditEvent.create({
      data: {
        id: randomUUID(),
        organizationId: a.id,
        serverId: server.id,
        method: "tools/call",
        tool: "echo",
        decision: "upstream_error",
        upstreamStatus: "503",
      },
    });
    const [after] = await listServers(a.admin);
    expect(after?.lastUpstreamError).toMatchObject({ tool: "echo", detail: "upstream answered 503" });
    const other = await makeAccount(database.db);
    expect(await listServers(other.admin)).toEqual([]);
  });
});
