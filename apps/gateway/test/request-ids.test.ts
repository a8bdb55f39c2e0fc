import type { TestDatabase } from "@gatehouse/db/testing";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  postToSession,
  type RunningGateway,
  sessionIdOf,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { startRawUpstream, toolsNamed, UPSTREAM_SESSION } from "./helpers/raw-upstream.js";
import { seedServerAccount } from "./helpers/server-account.js";

const UPSTREAM_TIMEOUT_MS = 400;

/**
 * An upstream that answers with plain JSON: `tools/list` (with the `secret` tool the policy hides) after
 * `listDelayMs`, and `echo` after its `ms` argument, however long the gateway waits.
 */
async function startSlowUpstream() {
  const state = { listDelayMs: 0, calls: [] as number[] };
  const tools = toolsNamed("echo", "secret");
  const upstream = await startRawUpstream({
    name: "slow",
    onRequest: (request, res) => {
      const answer = (result: unknown, delayMs = 0) =>
        setTimeout(() => {
          res.writeHead(200, { "content-type": "application/json", "mcp-session-id": UPSTREAM_SESSION });
          res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, result }));
        }, delayMs);
      if (request.method === "tools/list") answer({ tools }, state.listDelayMs);
      else if (request.method === "tools/call") {
        state.calls.push(Date.now());
        const ms = Number(request.params?.arguments?.ms ?? 0);
        answer({ content: [{ type: "text", text: `echo after ${ms}` }] }, ms);
      } else answer({});
    },
  });
  return Object.assign(state, upstream);
}

/** Every message the client's transport receives, by JSON-RPC id (the SDK client still handles them). */
function recordMessages(client: Client): JSONRPCMessage[] {
  const seen: JSONRPCMessage[] = [];
  const transport = client.transport;
  if (!transport) throw new Error("not connected");
  const handle = transport.onmessage;
  transport.onmessage = (message, extra) => {
    seen.push(message);
    handle?.(message, extra);
  };
  return seen;
}

const withId = (seen: JSONRPCMessage[], id: number) =>
  seen.filter((message) => "id" in message && message.id === id);

// JSON-RPC ids are the agent's to choose, but not to reuse while a request is in progress: a reused id must not
// hide a call from the audit trail or let an unfiltered tools/list through, on either transport.
describe("request ids", () => {
  let database: TestDatabase;
  let upstream: Awaited<ReturnType<typeof startSlowUpstream>>;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  let orgId: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startSlowUpstream()]);
    ({ account, orgId, key } = await seedServerAccount(database.db, {
      slug: "slow",
      url: upstream.url,
      policy: { version: "1", default: "allow", hide: ["secret"] },
    }));
    gw = await startGateway(database.url, { upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS });
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  const auditedCalls = () =>
    database.db.auditEvent.findMany({ where: { organizationId: orgId, method: "tools/call" } });

  it("refuses a batch that reuses an id, and forwards none of it", async () => {
    const url = mcpUrl(gw.base, account, "slow");
    const client = await connectClient(url, key);
    const before = upstream.calls.length;
    const response = await postToSession(url, key, sessionIdOf(client), [
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: {} } },
      { jsonrpc: "2.0", id: 1, method: "ping" },
    ]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: -32600, message: "Invalid Request: a request id is already in use in this session" },
    });
    expect(upstream.calls.length).toBe(before);
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("echo after 0");
    await client.close();
  });

  it("refuses a POST that reuses the id of a call in progress; that call is answered and audited once", async () => {
    const url = mcpUrl(gw.base, account, "slow");
    const client = await connectClient(url, key);
    const call = {
      jsonrpc: "2.0",
      id: 77,
      method: "tools/call",
      params: { name: "echo", arguments: { ms: 300 } },
    };
    const first = postToSession(url, key, sessionIdOf(client), call);
    await waitFor(() => upstream.calls.length > 0 && Date.now() - (upstream.calls.at(-1) ?? 0) < 250);
    const again = await postToSession(url, key, sessionIdOf(client), {
      jsonrpc: "2.0",
      id: 77,
      method: "ping",
    });
    expect(again.status).toBe(400);
    const answer = await (await first).text();
    expect(answer).toContain("echo after 300");
    const audited = await waitFor(async () => {
      const rows = (await auditedCalls()).filter((row) => row.sessionId === sessionIdOf(client));
      return rows.length > 0 ? rows : undefined;
    });
    expect(audited.map((row) => row.decision)).toEqual(["allowed"]);
    await client.close();
  });

  it("over legacy SSE, answers a reused id with -32600 and keeps the call in progress (and its audit)", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "slow", "sse"), key, { sse: true });
    const seen = recordMessages(client);
    const send = (message: unknown) => client.transport?.send(message as JSONRPCMessage);
    await send({
      jsonrpc: "2.0",
      id: 900,
      method: "tools/call",
      params: { name: "echo", arguments: { ms: 200 } },
    });
    await send({ jsonrpc: "2.0", id: 900, method: "ping" });
    const answers = await waitFor(() => (withId(seen, 900).length >= 2 ? withId(seen, 900) : undefined));
    expect(answers).toEqual([
      {
        jsonrpc: "2.0",
        id: 900,
        error: {
          code: -32600,
          message: "Invalid Request: a request id is already in use in this session",
        },
      },
      { jsonrpc: "2.0", id: 900, result: { content: [{ type: "text", text: "echo after 200" }] } },
    ]);
    const rows = await waitFor(async () => {
      const events = await database.db.auditEvent.findMany({
        where: { organizationId: orgId, createdAt: { gte: new Date(Date.now() - 10_000) } },
      });
      const mine = events.filter((row) => row.method === "ping" || row.tool === "echo");
      return mine.some((row) => row.method === "tools/call") && mine.some((row) => row.method === "ping")
        ? mine
        : undefined;
    });
    expect(rows.find((row) => row.method === "tools/call")?.decision).toBe("allowed");
    expect(rows.find((row) => row.method === "ping")?.decision).toBe("denied");
    await client.close();
  });

  it("never relays an upstream answer that comes after the agent was told the request timed out", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "slow", "sse"), key, { sse: true });
    const seen = recordMessages(client);
    upstream.listDelayMs = UPSTREAM_TIMEOUT_MS + 300;
    try {
      await client.transport?.send({ jsonrpc: "2.0", id: 901, method: "tools/list" } as JSONRPCMessage);
      const timedOut = await waitFor(() => withId(seen, 901)[0]);
      expect(timedOut).toMatchObject({ error: { code: -32603 } });
      // The upstream's late answer (with the hidden tool) arrives at the gateway 300 ms later; give it time.
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(withId(seen, 901)).toHaveLength(1);
      expect(JSON.stringify(seen)).not.toContain("secret");
    } finally {
      upstream.listDelayMs = 0;
    }
    await client.close();
  });
});
