import type { GatewayProcess } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import {
  connectClient,
  createTask,
  mcpUrl,
  postToSession,
  sessionIdOf,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { REDIS_URL, spawnReplicas } from "./helpers/replicas.js";

describe.skipIf(!REDIS_URL)("two gateway processes sharing Redis act as one", () => {
  let fx: FixtureAccount;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    fx = await seedFixtureAccount(
      {
        version: "1",
        default: "allow",
        tools: {
          echo: { rate_limit: { max: 3, window: 3600, scope: "agent" } },
          deploy: { action: "require_approval", approval: { timeout: 120, hold: 30 } },
        },
      },
      { tasks: "credential" },
    );
    [a, b] = (await spawnReplicas(fx.database.url, 2)) as [GatewayProcess, GatewayProcess];
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fx?.close();
  });

  it("continues a session opened on one replica on the other", async () => {
    const client = await connectClient(mcpUrl(a.base, fx.account, fx.server), fx.key);
    const sessionId = sessionIdOf(client);
    await client.listTools();
    const response = await postToSession(mcpUrl(b.base, fx.account, fx.server), fx.key, sessionId, {
      jsonrpc: "2.0",
      id: 99,
      method: "tools/call",
      params: { name: "headers", arguments: {} },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('\\"mcp-session-id\\"');
    expect(fx.upstream.sessions()).toBe(1);
    await client.close();
  });

  it("serves a session's tasks on either replica, and no other session's", async () => {
    const onA = await connectClient(mcpUrl(a.base, fx.account, fx.server), fx.key);
    const taskId = await createTask(onA, "headers", {});
    const response = await postToSession(mcpUrl(b.base, fx.account, fx.server), fx.key, sessionIdOf(onA), {
      jsonrpc: "2.0",
      id: 98,
      method: "tasks/get",
      params: { taskId },
    });
    expect(await response.text()).toContain(`"taskId":"${taskId}"`);
    const otherOnB = await connectClient(mcpUrl(b.base, fx.account, fx.server), fx.key);
    await expect(otherOnB.experimental.tasks.getTask(taskId)).rejects.toMatchObject({ code: -32602 });
    await Promise.all([onA.close(), otherOnB.close()]);
  });

  it("counts a rate limit across both replicas", async () => {
    const onA = await connectClient(mcpUrl(a.base, fx.account, fx.server), fx.key);
    const onB = await connectClient(mcpUrl(b.base, fx.account, fx.server), fx.key);
    const outcomes: string[] = [];
    for (const client of [onA, onB, onA, onB]) {
      outcomes.push(textOf(await client.callTool({ name: "echo", arguments: { message: "x" } })));
    }
    expect(outcomes.slice(0, 3)).toEqual(["x", "x", "x"]);
    expect(outcomes[3]).toMatch(/^Rate limit exceeded: 3 calls per 3600 s/);
    await Promise.all([onA.close(), onB.close()]);
  });

  it("wakes a held call on whichever replica holds it", async () => {
    const onB = await connectClient(mcpUrl(b.base, fx.account, fx.server), fx.key);
    const call = onB.callTool({ name: "deploy", arguments: { name: "api" } });
    const row = await waitFor(
      async () =>
        (await fx.database.db.approvalRequest.findFirst({
          where: { organizationId: fx.orgId, status: "pending" },
        })) ?? undefined,
    );
    await fx.database.db.approvalRequest.update({
      where: { id: row.id },
      data: { status: "approved", decidedAt: new Date(), usableUntil: new Date(Date.now() + 60_000) },
    });
    expect(textOf(await call)).toBe("deployed api");
    await onB.close();
  });
});
