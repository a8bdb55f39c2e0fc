/**
 * Test harness: a fresh migrated database (embedded, or DATABASE_URL's server), an in-process gateway on 127.0.0.1
 * and a free port, and SDK clients pointed at it.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "@gatehouse/db/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import pino from "pino";
import { createGateway, type Gateway } from "../../src/app.js";
import type { GatewayConfig } from "../../src/config/gateway-config.js";

export const SECRET_KEY = randomBytes(32);

/** An initialize request as a client on the latest protocol sends it, for tests that POST one by hand. */
export const INITIALIZE_REQUEST = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
};

export async function testConfig(
  databaseUrl: string,
  overrides: Partial<GatewayConfig> = {},
): Promise<GatewayConfig> {
  return {
    production: false,
    databaseUrl,
    secretKey: SECRET_KEY,
    port: 0,
    host: "127.0.0.1",
    publicUrl: "http://127.0.0.1",
    webPublicUrl: "http://localhost:3000",
    allowedHosts: ["127.0.0.1", "localhost"],
    upstreamTimeoutMs: 10_000,
    configPollMs: 100,
    auditSpoolDir: await mkdtemp(path.join(os.tmpdir(), "gatehouse-spool-")),
    drainTimeoutMs: 2000,
    maxSessionsPerAgent: 100,
    approvalKeepAliveMs: 10_000,
    approvalPollMs: 400,
    approvalSweepMs: 30_000,
    allowStdio: true,
    allowPrivateUpstreams: true,
    redisUrl: undefined,
    redisKeyPrefix: `gatehouse-test-${randomBytes(4).toString("hex")}:`,
    emailFrom: "Gatehouse <no-reply@gatehouse.test>",
    logLevel: "silent",
    ...overrides,
  };
}

export interface RunningGateway {
  gateway: Gateway;
  port: number;
  base: string;
  stop(): Promise<void>;
}

export async function startGateway(
  databaseUrl: string,
  overrides: Partial<GatewayConfig> = {},
): Promise<RunningGateway> {
  const config = await testConfig(databaseUrl, overrides);
  const gateway = createGateway(config, { log: pino({ level: process.env.TEST_GATEWAY_LOG ?? "silent" }) });
  await gateway.start();
  const port = await gateway.listen(0, "127.0.0.1");
  return { gateway, port, base: `http://127.0.0.1:${port}`, stop: () => gateway.close() };
}

export async function testDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  return createTestDatabase(options);
}

export function mcpUrl(base: string, account: string, server: string, kind: "mcp" | "sse" = "mcp"): URL {
  return new URL(`${base}/${account}/${server}/${kind}`);
}

/** An SDK client connected through the gateway (Streamable HTTP unless `sse`). */
export async function connectClient(
  url: URL,
  key: string | undefined,
  options: { sse?: boolean; capabilities?: Record<string, unknown> } = {},
): Promise<Client> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const client = new Client(
    { name: "gatehouse-test", version: "1.0.0" },
    { capabilities: options.capabilities ?? {} },
  );
  const transport = options.sse
    ? new SSEClientTransport(url, {
        requestInit: { headers },
        eventSourceInit: {
          fetch: (input, init) => fetch(input, { ...init, headers: { ...headers, ...init?.headers } }),
        },
      })
    : new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  await client.connect(transport);
  return client;
}

export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((item) => item.text ?? "").join("");
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Calls a tool as a task (MCP 2025-11-25) and returns the task's id, from the first message of the call: the
 * CreateTaskResult. The rest of the call (polling to its result) is left alone.
 */
export async function createTask(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const stream = client.experimental.tasks.callToolStream({ name, arguments: args }, undefined, {
    task: { ttl: 60_000 },
  });
  for await (const message of stream) {
    if (message.type === "taskCreated") return message.task.taskId;
    throw new Error(`expected the task to be created first, got ${message.type}`);
  }
  throw new Error("no task was created");
}

/** The session id an SDK client's Streamable HTTP transport holds. */
export function sessionIdOf(client: Client): string {
  return (client.transport as StreamableHTTPClientTransport | undefined)?.sessionId ?? "";
}

/** A raw JSON-RPC POST into an open session, as an SDK client would send it (a string body goes as it is). */
export function postToSession(url: URL, key: string, sessionId: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": sessionId,
      "mcp-protocol-version": "2025-06-18",
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
