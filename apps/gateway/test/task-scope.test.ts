/**
 * Tasks belong to the agent session that created them (session/task-scope.ts), shown against our fixture binding
 * tasks to the credential they were created with, as a server that binds tasks to the authorization context does:
 * through the gateway every agent of the account reaches it with the server's one stored credential.
 */
import { seedAgent } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "../../../bench/fixtures/fixture-server.js";
import { NOT_OWN_TASK_REASON } from "../src/session/task-scope.js";
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
import { seedServerAccount } from "./helpers/server-account.js";

/** Calls echo as a task and returns the task's id (from the first message, the CreateTaskResult). */
async function createTask(client: Client, message: string): Promise<string> {
  const stream = client.experimental.tasks.callToolStream(
    { name: "echo", arguments: { message } },
    undefined,
    {
      task: { ttl: 60_000 },
    },
  );
  for await (const item of stream) {
    if (item.type === "taskCreated") return item.task.taskId;
    throw new Error(`expected the task to be created first, got ${item.type}`);
  }
  throw new Error("no task was created");
}

async function listed(client: Client): Promise<string[]> {
  return (await client.experimental.tasks.listTasks()).tasks.map((task) => task.taskId);
}

describe("tasks through the gateway belong to the session that created them", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let orgId: string;
  let account: string;
  let keyA: string;
  let keyB: string;
  const clients: Client[] = [];

  async function connect(url: URL, key?: string): Promise<Client> {
    const client = await connectClient(url, key);
    clients.push(client);
    return client;
  }

  const viaGateway = (key: string) => connect(mcpUrl(gw.base, account, "fx"), key);

  beforeAll(async () => {
    [database, upstream] = await Promise.all([
      testDatabase(),
      startFixtureServer({ tools: basicTools(), tasks: "credential" }),
    ]);
    let serverId: string;
    ({
      orgId,
      account,
      serverId,
      key: keyA,
    } = await seedServerAccount(database.db, {
      slug: "fx",
      url: upstream.url,
      policy: { version: "1", default: "allow" },
    }));
    ({ key: keyB } = await seedAgent(database.db, {
      organizationId: orgId,
      serverIds: [serverId],
      name: "other-agent",
    }));
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("the upstream alone shows one session's tasks to every session with the same credential", async () => {
    const [first, second] = [await connect(new URL(upstream.url)), await connect(new URL(upstream.url))];
    const taskId = await createTask(first, "direct");
    expect(await listed(second)).toContain(taskId);
    expect((await second.experimental.tasks.getTask(taskId)).taskId).toBe(taskId);
  });

  it("lets an agent session list, read and cancel only the tasks it created", async () => {
    const a = await viaGateway(keyA);
    const b = await viaGateway(keyB);
    const aAgain = await viaGateway(keyA); // the same agent, another session
    const ofA = await createTask(a, "from a");
    const ofB = await createTask(b, "from b");

    expect(await listed(a)).toEqual([ofA]);
    expect(await listed(b)).toEqual([ofB]);
    expect(await listed(aAgain)).toEqual([]);
    const task = await a.experimental.tasks.getTask(ofA);
    expect(task).toMatchObject({ taskId: ofA, status: "completed" });
    const result = await a.experimental.tasks.getTaskResult(ofA, CallToolResultSchema);
    expect(textOf(result)).toBe("from a");

    await expect(b.experimental.tasks.getTask(ofA)).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining("Failed to retrieve task: Task not found"),
    });
    await expect(b.experimental.tasks.getTaskResult(ofA, CallToolResultSchema)).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining(`Task not found: ${ofA}`),
    });
    await expect(aAgain.experimental.tasks.cancelTask(ofA)).rejects.toMatchObject({ code: -32602 });
    expect(textOf(await a.experimental.tasks.getTaskResult(ofA, CallToolResultSchema))).toBe("from a");

    const refused = await waitFor(async () => {
      const rows = await database.db.auditEvent.findMany({
        where: { organizationId: orgId, decision: "denied" },
        orderBy: { createdAt: "asc" },
      });
      return rows.length >= 3 ? rows : undefined;
    });
    expect(refused.map((row) => [row.method, row.reason])).toEqual([
      ["tasks/get", NOT_OWN_TASK_REASON],
      ["tasks/result", NOT_OWN_TASK_REASON],
      ["tasks/cancel", NOT_OWN_TASK_REASON],
    ]);
  });

  it("refuses a tasks request that names no task as a string, without forwarding it", async () => {
    const a = await viaGateway(keyA);
    const response = await postToSession(mcpUrl(gw.base, account, "fx"), keyA, sessionIdOf(a), {
      jsonrpc: "2.0",
      id: 7,
      method: "tasks/get",
      params: { taskId: 42 },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"error":{"code":-32602,"message":"Failed to retrieve task');
    const audited = await waitFor(
      async () =>
        (await database.db.auditEvent.findFirst({
          where: { sessionId: sessionIdOf(a), method: "tasks/get" },
        })) ?? undefined,
    );
    expect(audited).toMatchObject({ decision: "denied", reason: NOT_OWN_TASK_REASON });
  });
});
