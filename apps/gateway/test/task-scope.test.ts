/**
 * Tasks belong to the agent session that created them (session/task-scope.ts), shown against our fixture binding
 * tasks to the credential they were created with, as a server that binds tasks to the authorization context does:
 * through the gateway every agent of the account reaches it with the server's one stored credential.
 */
import { seedAgent } from "@gatehouse/db/seed";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";
import { NOT_OWN_TASK_REASON } from "../src/session/task-scope.js";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { connectClient, createTask, postToSession, sessionIdOf, textOf, waitFor } from "./helpers/gateway.js";

const echoTask = (client: Client, message: string) => createTask(client, "echo", { message });

async function listed(client: Client): Promise<string[]> {
  return (await client.experimental.tasks.listTasks()).tasks.map((task) => task.taskId);
}

describe("tasks through the gateway belong to the session that created them", () => {
  let keyB: string;
  const fx = withFixtureGateway(
    { version: "1", default: "allow" },
    {
      tasks: "credential",
      seed: async () => {
        ({ key: keyB } = await seedAgent(fx.database.db, {
          organizationId: fx.orgId,
          serverIds: [fx.serverId],
          name: "other-agent",
        }));
      },
    },
  );
  const direct: Client[] = [];

  /** A client of the upstream itself, without the gateway. */
  async function connect(url: URL): Promise<Client> {
    const client = await connectClient(url, undefined);
    direct.push(client);
    return client;
  }

  afterAll(() => Promise.all(direct.map((client) => client.close().catch(() => undefined))));

  const viaGateway = (key: string) => fx.connect({ key });

  it("the upstream alone shows one session's tasks to every session with the same credential", async () => {
    const [first, second] = [
      await connect(new URL(fx.upstream.url)),
      await connect(new URL(fx.upstream.url)),
    ];
    const taskId = await echoTask(first, "direct");
    expect(await listed(second)).toContain(taskId);
    expect((await second.experimental.tasks.getTask(taskId)).taskId).toBe(taskId);
  });

  it("lets an agent session list, read and cancel only the tasks it created", async () => {
    const a = await viaGateway(fx.key);
    const b = await viaGateway(keyB);
    const aAgain = await viaGateway(fx.key); // the same agent, another session
    const ofA = await echoTask(a, "from a");
    const ofB = await echoTask(b, "from b");

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
      const rows = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, decision: "denied" },
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
    const a = await viaGateway(fx.key);
    const response = await postToSession(fx.url, fx.key, sessionIdOf(a), {
      jsonrpc: "2.0",
      id: 7,
      method: "tasks/get",
      params: { taskId: 42 },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      '"error":{"code":-32602,"message":"MCP error -32602: Failed to retrieve task: Task not found"',
    );
    const audited = await waitFor(
      async () =>
        (await fx.database.db.auditEvent.findFirst({
          where: { sessionId: sessionIdOf(a), method: "tasks/get" },
        })) ?? undefined,
    );
    expect(audited).toMatchObject({ decision: "denied", reason: NOT_OWN_TASK_REASON });
  });
});
