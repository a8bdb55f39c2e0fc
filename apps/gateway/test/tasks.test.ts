/**
 * Tasks (MCP 2025-11-25) through the gateway, against server-everything's `simulate-research-query`, a tool that
 * must run as a task and asks the agent for a clarification half-way through it.
 */
import type { TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { ResponseMessage } from "@modelcontextprotocol/sdk/shared/responseMessage.js";
import { type CallToolResult, ElicitRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { seedServerAccount } from "./helpers/server-account.js";

const TOOL = "simulate-research-query";
/** Sends the agent an elicitation as a task, then polls the agent's tasks/get until it completes. */
const ASYNC_ELICITATION = "trigger-elicitation-request-async";
const POLICY = {
  version: "1",
  default: "deny",
  hide: ["get-env"],
  tools: {
    [TOOL]: {
      rate_limit: { max: 3, window: 3600 },
      deny_if: [{ arg: "topic", op: "eq", value: "payroll", reason: "no research on payroll" }],
      approve_if: [{ arg: "topic", op: "eq", value: "launch" }],
      approval: { hold: 30, timeout: 120 },
    },
    [ASYNC_ELICITATION]: {},
  },
};

type Message = ResponseMessage<CallToolResult>;

describe("tasks through the gateway (server-everything over Streamable HTTP)", () => {
  let database: TestDatabase;
  let upstream: SpawnedServer;
  let gw: RunningGateway;
  let orgId: string;
  let account: string;
  let key: string;
  const clients: Client[] = [];

  async function connect(): Promise<Client> {
    const client = await connectClient(mcpUrl(gw.base, account, "everything"), key, {
      capabilities: { elicitation: {} },
    });
    clients.push(client);
    return client;
  }

  /** Runs a task-augmented call; `stopAfter` ends the stream after that many messages. */
  async function runTask(
    client: Client,
    args: Record<string, unknown>,
    stopAfter = Infinity,
  ): Promise<Message[]> {
    const messages: Message[] = [];
    const stream = client.experimental.tasks.callToolStream({ name: TOOL, arguments: args }, undefined, {
      task: { ttl: 60_000 },
    });
    for await (const message of stream) {
      messages.push(message as Message);
      if (messages.length >= stopAfter) break;
    }
    return messages;
  }

  /** The JSON-RPC error a refused task-augmented call ends with. */
  async function refusal(client: Client, args: Record<string, unknown>, name = TOOL): Promise<McpError> {
    const stream = client.experimental.tasks.callToolStream({ name, arguments: args }, undefined, {
      task: { ttl: 60_000 },
    });
    const messages: Message[] = [];
    for await (const message of stream) messages.push(message as Message);
    expect(messages.map((message) => message.type)).toEqual(["error"]);
    const [only] = messages;
    if (only?.type !== "error") throw new Error("expected an error");
    expect(only.error).toBeInstanceOf(McpError);
    return only.error as McpError;
  }

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), spawnEverything("streamableHttp")]);
    ({ orgId, account, key } = await seedServerAccount(database.db, {
      slug: "everything",
      url: upstream.url,
      policy: POLICY,
    }));
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await gw?.stop();
    await upstream?.stop();
    await database?.close();
  });

  it("runs a task to its result, relaying the clarification it asks the agent for", async () => {
    const client = await connect();
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { interpretation: "the physics" } };
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => [tool.name, tool.execution?.taskSupport])).toEqual([[TOOL, "required"]]);

    const messages = await runTask(client, { topic: "quantum", ambiguous: true });
    const types = messages.map((message) => message.type);
    expect(types[0]).toBe("taskCreated");
    expect(types.at(-1)).toBe("result");
    const statuses = messages.flatMap((message) =>
      message.type === "taskStatus" ? [message.task.status] : [],
    );
    expect(statuses).toContain("input_required");
    expect(asked).toEqual([expect.stringContaining('"quantum" could have multiple interpretations')]);
    const last = messages.at(-1);
    expect(last?.type === "result" && textOf(last.result)).toContain(
      "Research Report: quantum (the physics)",
    );

    const created = messages[0];
    if (created?.type !== "taskCreated") throw new Error("expected taskCreated");
    const taskId = created.task.taskId;
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe("completed");
    const { tasks } = await client.experimental.tasks.listTasks();
    expect(tasks.map((task) => task.taskId)).toEqual([taskId]);

    const audited = await waitFor(async () => {
      const rows = await database.db.auditEvent.findMany({ where: { organizationId: orgId, tool: TOOL } });
      return rows.length > 0 ? rows : undefined;
    });
    expect(audited).toMatchObject([
      { method: "tools/call", decision: "allowed", argumentKeys: ["topic", "ambiguous"] },
    ]);

    // Another agent session has its own upstream session, so none of this session's tasks.
    const other = await connect();
    expect((await other.experimental.tasks.listTasks()).tasks).toEqual([]);
    await expect(other.experimental.tasks.getTask(taskId)).rejects.toMatchObject({ code: -32602 });
  }, 30_000);

  it("refuses a task-augmented call with a JSON-RPC error carrying the refusal and the decision", async () => {
    const client = await connect();
    const denied = await refusal(client, { topic: "payroll" });
    expect(denied.code).toBe(-32003);
    expect(denied.message).toContain("Denied by policy: no research on payroll");
    expect(denied.data).toEqual({
      "gatehouse/decision": {
        decision: "denied",
        rule: `/tools/${TOOL}/deny_if/0`,
        reason: "no research on payroll",
      },
    });
    expect((await client.experimental.tasks.listTasks()).tasks).toEqual([]); // nothing reached the upstream
  }, 30_000);

  it("counts task-augmented calls against the rate limit, and refuses the one over it", async () => {
    const client = await connect();
    for (let call = 0; call < 3; call += 1) {
      const [created] = await runTask(client, { topic: `topic ${call}` }, 1);
      expect(created?.type).toBe("taskCreated");
    }
    const limited = await refusal(client, { topic: "one more" });
    expect(limited.code).toBe(-32003);
    expect(limited.message).toMatch(/Rate limit exceeded: 3 calls per 3600 s; retry in \d+ s/);
    expect(limited.data).toMatchObject({ "gatehouse/decision": { decision: "rate_limited" } });
    expect((await client.experimental.tasks.listTasks()).tasks).toHaveLength(3);
  }, 30_000);

  it("holds a task-augmented call for approval, then creates the task upstream", async () => {
    const client = await connect();
    const run = runTask(client, { topic: "launch" });
    const pending = await waitFor(async () => {
      const row = await database.db.approvalRequest.findFirst({
        where: { organizationId: orgId, tool: TOOL, status: "pending" },
      });
      return row ?? undefined;
    });
    await database.db.approvalRequest.update({
      where: { id: pending.id },
      data: { status: "approved", decidedAt: new Date(), usableUntil: new Date(Date.now() + 120_000) },
    });
    const messages = await run;
    expect(messages[0]?.type).toBe("taskCreated");
    const last = messages.at(-1);
    expect(last?.type === "result" && textOf(last.result)).toContain("Research Report: launch");
  }, 30_000);

  it("relays a task the upstream asks the agent to run, and the upstream's polling of it", async () => {
    const client = new Client(
      { name: "gatehouse-test", version: "1.0.0" },
      {
        capabilities: { elicitation: { form: {} }, tasks: { requests: { elicitation: { create: {} } } } },
        taskStore: new InMemoryTaskStore(),
      },
    );
    clients.push(client);
    const asked: boolean[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      asked.push(request.params.task !== undefined);
      const store = extra.taskStore;
      if (!store) throw new Error("the agent has no task store");
      const task = await store.createTask({ ttl: extra.taskRequestedTtl ?? 60_000 });
      setTimeout(() => {
        const answer = { action: "accept" as const, content: { name: "Ada", favoriteColor: "Purple" } };
        void store.storeTaskResult(task.taskId, "completed", answer);
      }, 1500);
      return { task };
    });
    await client.connect(
      new StreamableHTTPClientTransport(mcpUrl(gw.base, account, "everything"), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain(ASYNC_ELICITATION);
    const result = await client.callTool({ name: ASYNC_ELICITATION, arguments: {} });
    expect(asked).toEqual([true]);
    const text = textOf(result);
    expect(text).toMatch(/Task created: \S+/);
    expect(text).toMatch(/Poll \d+: completed/);
    expect(text).toContain("Ada");
    expect(text).toContain("Purple");
  }, 30_000);
});
