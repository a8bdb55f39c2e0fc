/**
 * Version negotiation through the gateway, for every protocol version the pinned SDK speaks and for one it does
 * not: the agent gets the version the upstream would have given it directly, and the session works in it.
 */
import type { TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";
import { seedServerAccount } from "./helpers/server-account.js";

interface Answer {
  status: number;
  sessionId: string | null;
  message: { result?: Record<string, unknown>; error?: { code: number; message: string } } | undefined;
}

/** One JSON-RPC message POSTed as an SDK client would, its answer read from plain JSON or SSE. */
async function post(
  url: URL,
  message: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  const data = response.headers.get("content-type")?.includes("text/event-stream")
    ? text
        .split("\n")
        .filter((line) => line.startsWith("data: ") && line.length > 6)
        .map((line) => line.slice(6))
        .at(-1)
    : text;
  return {
    status: response.status,
    sessionId: response.headers.get("mcp-session-id"),
    message: data ? JSON.parse(data) : undefined,
  };
}

/** Initializes asking for `version`; then, in the version agreed, lists the tools and calls one. */
async function sessionIn(url: URL, version: string, key?: string) {
  const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const init = await post(
    url,
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "versions", version: "1" } },
    },
    auth,
  );
  const agreed = String(init.message?.result?.protocolVersion);
  const session = { ...auth, "mcp-session-id": init.sessionId ?? "", "mcp-protocol-version": agreed };
  const initialized = await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, session);
  const list = await post(url, { jsonrpc: "2.0", id: 2, method: "tools/list" }, session);
  const call = await post(
    url,
    {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "echo", arguments: { message: version } },
    },
    session,
  );
  return {
    agreed,
    initialized: initialized.status,
    tools: ((list.message?.result?.tools ?? []) as { name: string }[]).map((tool) => tool.name).sort(),
    echoed: JSON.stringify(call.message?.result?.content ?? call.message?.error),
  };
}

describe("protocol version negotiation", () => {
  let database: TestDatabase;
  let upstream: SpawnedServer;
  let gw: RunningGateway;
  let account: string;
  let key: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), spawnEverything("streamableHttp")]);
    ({ account, key } = await seedServerAccount(database.db, {
      slug: "everything",
      url: upstream.url,
      policy: { version: "1", default: "allow" },
    }));
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.stop();
    await database?.close();
  });

  const versions = [...SUPPORTED_PROTOCOL_VERSIONS, "1999-01-01"];

  it.each(versions)("agrees on what the upstream would agree on directly, asked for %s", async (version) => {
    const direct = await sessionIn(new URL(upstream.url), version);
    const through = await sessionIn(mcpUrl(gw.base, account, "everything"), version, key);
    expect(through).toEqual(direct);
    expect(through.initialized).toBe(202);
    expect(through.tools).toContain("echo");
    expect(through.echoed).toContain(`Echo: ${version}`);
    if (version !== "1999-01-01") expect(through.agreed).toBe(version);
    else expect(SUPPORTED_PROTOCOL_VERSIONS).toContain(through.agreed);
  });
});
