/**
 * The checks a 2026-07-28 server makes on each stateless request — the `MCP-Protocol-Version`, `Mcp-Method` and
 * `Mcp-Name` headers present and equal to the body (`-32020`), a revision it serves (`-32022`), the `_meta`
 * envelope — answered through the gateway with the same HTTP status and the same JSON-RPC body as directly, before
 * any policy is applied: a header naming one tool cannot smuggle a call to another past the policy.
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { type RunningModernServer, startModernServer } from "@gatehouse/test-fixtures/modern-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

const meta = (version = "2026-07-28") => ({
  "io.modelcontextprotocol/protocolVersion": version,
  "io.modelcontextprotocol/clientCapabilities": {},
});
const V = { "mcp-protocol-version": "2026-07-28" };
const call = (name: string, version?: string) => ({
  jsonrpc: "2.0",
  id: 7,
  method: "tools/call",
  params: { name, arguments: { text: "a" }, _meta: meta(version) },
});

/** [what, headers, body]: each answered alike directly and through the gateway. */
const CASES: [string, Record<string, string>, unknown][] = [
  ["a well-formed call", { ...V, "mcp-method": "tools/call", "mcp-name": "echo" }, call("echo")],
  ["no Mcp-Method", { ...V, "mcp-name": "echo" }, call("echo")],
  ["no Mcp-Name", { ...V, "mcp-method": "tools/call" }, call("echo")],
  ["Mcp-Name naming another tool", { ...V, "mcp-method": "tools/call", "mcp-name": "secret" }, call("echo")],
  [
    "Mcp-Name naming an allowed tool for a hidden one",
    { ...V, "mcp-method": "tools/call", "mcp-name": "echo" },
    call("secret"),
  ],
  [
    "Mcp-Method naming another method",
    { ...V, "mcp-method": "tools/list", "mcp-name": "echo" },
    call("echo"),
  ],
  ["no MCP-Protocol-Version", { "mcp-method": "tools/call", "mcp-name": "echo" }, call("echo")],
  [
    "MCP-Protocol-Version disagreeing with _meta",
    { "mcp-protocol-version": "2025-11-25", "mcp-method": "tools/call", "mcp-name": "echo" },
    call("echo"),
  ],
  [
    "a revision nobody serves",
    { "mcp-protocol-version": "2099-01-01", "mcp-method": "tools/call", "mcp-name": "echo" },
    call("echo", "2099-01-01"),
  ],
  [
    "an invalid Base64 Mcp-Name",
    { ...V, "mcp-method": "tools/call", "mcp-name": "=?base64?@@@?=" },
    call("echo"),
  ],
  [
    "a request without _meta",
    { ...V, "mcp-method": "tools/list" },
    { jsonrpc: "2.0", id: 7, method: "tools/list" },
  ],
  [
    "a method the server lacks",
    { ...V, "mcp-method": "ping" },
    { jsonrpc: "2.0", id: 7, method: "ping", params: { _meta: meta() } },
  ],
  [
    "a notification",
    { ...V, "mcp-method": "notifications/cancelled" },
    { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 3, _meta: meta() } },
  ],
  [
    "a batch of 2026-07-28 requests",
    { ...V, "mcp-method": "tools/call", "mcp-name": "echo" },
    [call("echo")],
  ],
];

async function post(url: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe("the 2026-07-28 request checks, directly and through the gateway", () => {
  let database: TestDatabase;
  let upstream: RunningModernServer;
  let gw: RunningGateway;
  let gatewayUrl: string;
  let key: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startModernServer()]);
    const org = await seedOrganization(database.db);
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "modern",
      url: upstream.url,
    });
    await seedPolicy(database.db, {
      serverId: server.id,
      document: { version: "1", default: "allow", hide: ["secret"] },
    });
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] }));
    gw = await startGateway(database.url);
    gatewayUrl = mcpUrl(gw.base, org.slug, "modern").href;
  }, 120_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it.each(CASES)("answers %s alike", async (_what, headers, body) => {
    const direct = await post(upstream.url, headers, body);
    const gated = await post(gatewayUrl, { ...headers, authorization: `Bearer ${key}` }, body);
    expect(gated).toEqual(direct);
  });

  it("sends nothing upstream for a request it refuses on its headers", async () => {
    const before = upstream.requests.length;
    await post(
      gatewayUrl,
      { ...V, "mcp-method": "tools/call", "mcp-name": "echo", authorization: `Bearer ${key}` },
      call("secret"),
    );
    expect(upstream.requests.length).toBe(before);
  });
});
