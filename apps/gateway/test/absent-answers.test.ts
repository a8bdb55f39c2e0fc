/**
 * What the agent may not see is answered as the upstream answers what it does not have: a hidden tool's call as a
 * call to a missing tool, a request about another session's task as one about an unknown task. Compared, request by
 * request, with a direct connection to two real upstreams that answer differently: server-everything (the SDK's
 * McpServer: a tool result "MCP error -32602: Tool … not found") and our fixture (the SDK's low-level Server: a
 * JSON-RPC error "Unknown tool: …").
 */
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError, ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  createTask,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
} from "./helpers/gateway.js";
import { seedServerAccount } from "./helpers/server-account.js";

/** A request's answer as the client saw it: a result, or the JSON-RPC error it was refused with. */
async function outcome(client: Client, method: string, params: Record<string, unknown>): Promise<unknown> {
  try {
    return { result: await client.request({ method, params } as never, ResultSchema) };
  } catch (error: unknown) {
    if (!(error instanceof McpError)) throw error;
    return { error: { code: error.code, message: error.message, data: error.data } };
  }
}

/** `answer` with `name` written as "<name>", so answers about different names compare. */
function named(answer: unknown, name: string): unknown {
  return JSON.parse(JSON.stringify(answer).split(name).join("<name>"));
}

async function direct(url: string): Promise<Client> {
  const client = new Client({ name: "direct", version: "1" }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

const upstreams: {
  name: string;
  hidden: string;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
}[] = [
  {
    name: "server-everything (McpServer)",
    hidden: "get-env",
    start: () => spawnEverything("streamableHttp"),
  },
  {
    name: "the fixture (low-level Server)",
    hidden: "deploy",
    start: async () => {
      const fixture: RunningFixture = await startFixtureServer({ tools: basicTools(), tasks: "session" });
      return { url: fixture.url, stop: () => fixture.close() };
    },
  },
];

describe.each(upstreams)("absent answers from $name", ({ hidden, start }) => {
  let database: TestDatabase;
  let upstream: Awaited<ReturnType<typeof start>> | SpawnedServer;
  let gw: RunningGateway;
  let url: URL;
  let key: string;
  const clients: Client[] = [];
  const open = async (client: Promise<Client>) => {
    clients.push(await client);
    return clients.at(-1) as Client;
  };

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), start()]);
    const seeded = await seedServerAccount(database.db, {
      slug: "up",
      url: upstream.url,
      policy: { version: "1", default: "allow", hide: [hidden] },
    });
    key = seeded.key;
    gw = await startGateway(database.url);
    url = mcpUrl(gw.base, seeded.account, "up");
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gw?.stop();
    await upstream?.stop();
    await database?.close();
  });

  it("answers a hidden tool's call as the upstream answers a tool it does not have", async () => {
    const straight = await open(direct(upstream.url));
    const gated = await open(connectClient(url, key));
    const missing = await outcome(straight, "tools/call", { name: "no-such-tool", arguments: {} });
    // First call learns the answer, the second reuses it: both must be the upstream's.
    for (let call = 0; call < 2; call += 1) {
      const answer = await outcome(gated, "tools/call", { name: hidden, arguments: { secret: "x" } });
      expect(named(answer, hidden)).toEqual(named(missing, "no-such-tool"));
    }
    // A missing tool through the gateway reaches the upstream and is answered by it alike.
    expect(named(await outcome(gated, "tools/call", { name: "nope", arguments: {} }), "nope")).toEqual(
      named(missing, "no-such-tool"),
    );
  });

  it("answers a task-augmented call of a hidden tool as the upstream answers one of a missing tool", async () => {
    const straight = await open(direct(upstream.url));
    const gated = await open(connectClient(url, key));
    const task = { ttl: 60_000 };
    const missing = await outcome(straight, "tools/call", { name: "no-such-tool", arguments: {}, task });
    const answer = await outcome(gated, "tools/call", { name: hidden, arguments: {}, task });
    expect(named(answer, hidden)).toEqual(named(missing, "no-such-tool"));
  });

  it("answers a request about another session's task as the upstream answers one about an unknown task", async () => {
    const straight = await open(direct(upstream.url));
    const owner = await open(connectClient(url, key));
    const other = await open(connectClient(url, key));
    const tool = hidden === "deploy" ? "echo" : "simulate-research-query";
    const taskId = await createTask(owner, tool, tool === "echo" ? { message: "hi" } : { topic: "tides" });
    for (const method of ["tasks/get", "tasks/result", "tasks/cancel"]) {
      const unknown = await outcome(straight, method, { taskId: "no-such-task" });
      const answer = await outcome(other, method, { taskId });
      expect(named(answer, taskId), method).toEqual(named(unknown, "no-such-task"));
    }
  }, 30_000);
});
