import type { TestDatabase } from "@gatehouse/db/testing";
import { MAX_MESSAGE_BYTES } from "@gatehouse/upstream";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
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
import { sseEvent, startRawUpstream, toolsNamed, UPSTREAM_SESSION } from "./helpers/raw-upstream.js";
import { seedServerAccount } from "./helpers/server-account.js";

/**
 * An upstream that misbehaves the way real ones do, written at the HTTP level so each fault is exact: `vanish`
 * opens its answer stream, sends a log message and drops the connection; `break` and `forget` do the same after an
 * event with an id (so the stream can be resumed), then refuse each resumption (`break` with a 503, so the gateway
 * tries again; `forget` with a 405, so it cannot); `flood` sends 100 MB of log messages before its answer;
 * `huge` answers with one event larger than the gateway accepts; `echo` answers normally.
 */
async function startMisbehavingUpstream() {
  const resumptions: string[] = [];
  /** Whether `flood` has written all it sends. */
  const flooded = { done: false };
  const tools = toolsNamed("echo", "vanish", "break", "forget", "flood", "huge");
  const sse = { "content-type": "text/event-stream", "mcp-session-id": UPSTREAM_SESSION };
  const log = (data: string) =>
    sseEvent({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data } });
  const upstream = await startRawUpstream({
    name: "misbehaving",
    onGet: (req, res) => {
      const lastEventId = req.headers["last-event-id"];
      if (typeof lastEventId === "string") resumptions.push(lastEventId);
      // `break` refuses resumptions for now (the client retries), `forget` for good (405: it cannot resume); a GET
      // that resumes nothing gets 405 too (no GET stream).
      res.writeHead(typeof lastEventId === "string" && !lastEventId.startsWith("forget-") ? 503 : 405).end();
    },
    onRequest: ({ id, method, params }, res) => {
      const result = (text: string) =>
        sseEvent({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text }] } });
      if (method === "tools/list") {
        res.writeHead(200, sse).end(sseEvent({ jsonrpc: "2.0", id, result: { tools } }));
      } else if (params?.name === "vanish") {
        res.writeHead(200, sse);
        res.write(log("x"));
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (params?.name === "break" || params?.name === "forget") {
        res.writeHead(200, sse);
        res.write(`id: ${params.name}-${id}\n${log("x")}`);
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (params?.name === "flood") {
        res.writeHead(200, sse);
        const megabyte = log("x".repeat(1024 * 1024));
        for (let i = 0; i < 100; i += 1) res.write(megabyte);
        res.end(result("flooded"), () => {
          flooded.done = true;
        });
      } else if (params?.name === "huge") {
        res.writeHead(200, sse);
        res.end(result("x".repeat(MAX_MESSAGE_BYTES + 1024)));
      } else {
        res.writeHead(200, sse).end(result("still here"));
      }
    },
  });
  return { ...upstream, resumptions, flooded };
}

// The agent gets a clear error at once (not after the upstream timeout), the audit trail says why, and the session
// goes on.
describe("upstream answers that never come or are too large", () => {
  let database: TestDatabase;
  let upstream: Awaited<ReturnType<typeof startMisbehavingUpstream>>;
  let gw: RunningGateway;
  let client: Client;
  let account: string;
  let key: string;
  let orgId: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startMisbehavingUpstream()]);
    ({ orgId, account, key } = await seedServerAccount(database.db, {
      slug: "bad",
      url: upstream.url,
      policy: { version: "1", default: "allow" },
    }));
    gw = await startGateway(database.url, { upstreamTimeoutMs: 60_000 });
    client = await connectClient(mcpUrl(gw.base, account, "bad"), key);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  const statusOf = (tool: string) =>
    waitFor(async () => {
      const event = await database.db.auditEvent.findFirst({
        where: { organizationId: orgId, method: "tools/call", tool },
      });
      return event ?? undefined;
    });

  it("answers at once when the upstream drops its answer stream", async () => {
    const started = Date.now();
    await expect(client.callTool({ name: "vanish", arguments: {} })).rejects.toThrow(
      "Upstream unavailable: the upstream ended the answer stream without answering",
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await statusOf("vanish")).toMatchObject({
      decision: "upstream_error",
      upstreamStatus: "no_answer",
    });
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("still here");
  });

  it("answers once the upstream's answer stream cannot be resumed, not at the upstream timeout", async () => {
    const started = Date.now();
    await expect(client.callTool({ name: "break", arguments: {} })).rejects.toThrow(
      "Upstream unavailable: the upstream's answer stream broke and could not be resumed",
    );
    // Two resumptions with the stream's last event id (the SDK's retries, 1 s and 1.5 s apart), then the answer.
    const tries = upstream.resumptions.filter((id) => id.startsWith("break-"));
    expect(tries).toHaveLength(2);
    expect(tries[1]).toBe(tries[0]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await statusOf("break")).toMatchObject({
      decision: "upstream_error",
      upstreamStatus: "no_answer",
    });
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("still here");
  });

  it("answers at once when the upstream says it cannot resume the answer stream", async () => {
    const started = Date.now();
    await expect(client.callTool({ name: "forget", arguments: {} })).rejects.toThrow(
      "Upstream unavailable: the upstream's answer stream broke and could not be resumed",
    );
    expect(upstream.resumptions.filter((id) => id.startsWith("forget-"))).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await statusOf("forget")).toMatchObject({
      decision: "upstream_error",
      upstreamStatus: "no_answer",
    });
  });

  it("drops an agent's stream that stops being read while its upstream floods it, and stays up", async () => {
    const response = await postToSession(mcpUrl(gw.base, account, "bad"), key, sessionIdOf(client), {
      jsonrpc: "2.0",
      id: 5000,
      method: "tools/call",
      params: { name: "flood", arguments: {} },
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    // The agent reads nothing while the upstream sends its 100 MB (the gateway reads all of it).
    await waitFor(() => upstream.flooded.done, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received = await response.text().catch(() => "the stream was cut");
    expect(received).not.toContain("flooded"); // the answer was never queued behind 100 MB
    expect(received.length).toBeLessThan(80 * 1024 * 1024);
    expect((await fetch(`${gw.base}/healthz`)).status).toBe(200);
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("still here");
  });

  it("does the same for a legacy SSE stream that stops being read", async () => {
    upstream.flooded.done = false;
    const auth = { authorization: `Bearer ${key}` };
    const stream = await fetch(mcpUrl(gw.base, account, "bad", "sse"), { headers: auth });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let head = "";
    while (!head.includes("\n\n")) head += new TextDecoder().decode((await reader.read()).value);
    const endpoint = new URL(/data: (\S+)/.exec(head)?.[1] ?? "", gw.base);
    const post = (message: unknown) =>
      fetch(endpoint, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(message),
      });
    await post({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    await post({ jsonrpc: "2.0", method: "notifications/initialized" });
    await post({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "flood", arguments: {} } });
    await waitFor(() => upstream.flooded.done, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    let answered = false;
    const decoder = new TextDecoder();
    try {
      let tail = "";
      while (!answered) {
        const { done, value } = await reader.read();
        if (done) break;
        tail = tail.slice(-16) + decoder.decode(value, { stream: true });
        answered = tail.includes("flooded"); // everything was buffered after all
      }
    } catch {
      // the gateway cut the stream
    }
    expect(answered).toBe(false);
    expect((await fetch(`${gw.base}/healthz`)).status).toBe(200);
  });

  it("refuses an answer larger than it accepts, and stays up", async () => {
    await expect(client.callTool({ name: "huge", arguments: {} })).rejects.toThrow(
      "the upstream's answer is larger than the gateway accepts (32 MB)",
    );
    expect(await statusOf("huge")).toMatchObject({ decision: "upstream_error", upstreamStatus: "too_large" });
    expect(textOf(await client.callTool({ name: "echo", arguments: {} }))).toBe("still here");
    expect((await fetch(`${gw.base}/healthz`)).status).toBe(200);
  });
});
