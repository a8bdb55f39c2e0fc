import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { toolDefinitionHash } from "@gatehouse/policy/hash";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
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

// These tests check that a change is enforced on open sessions without reconnecting, not how fast: the figure
// (within a second in production; p50 about 230 ms here) is measured by bench/propagation.bench.ts. The bound only
// catches a change that never arrives, with room for a loaded 2-core CI machine (1.6 s was once seen there).
const PROPAGATION_BOUND_MS = 5000;

describe("configuration changes reach running sessions", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let serverId: string;
  let key: string;
  let agentId: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const server = await seedServer(database.db, { organizationId: org.id, slug: "fx", url: upstream.url });
    serverId = server.id;
    await seedServer(database.db, { organizationId: org.id, slug: "unpublished", url: upstream.url });
    await seedPolicy(database.db, {
      serverId,
      document: { version: "1", default: "deny", tools: { echo: {} } },
    });
    const unpublished = await database.db.server.findFirstOrThrow({
      where: { slug: "unpublished", organizationId: org.id },
    });
    const pinned = await seedServer(database.db, {
      organizationId: org.id,
      slug: "pinned",
      url: upstream.url,
      pinTools: true,
    });
    await seedPolicy(database.db, { serverId: pinned.id, document: { version: "1", default: "allow" } });
    for (const tool of basicTools()) {
      // The catalogue accepted an older "deploy"; the upstream now serves a different definition.
      const accepted =
        tool.definition.name === "deploy"
          ? { ...tool.definition, description: "Lists things" }
          : tool.definition;
      await database.db.tool.create({
        data: {
          organizationId: org.id,
          serverId: pinned.id,
          name: tool.definition.name,
          description: accepted.description ?? null,
          inputSchema: accepted.inputSchema as object,
          definitionHash: toolDefinitionHash(accepted),
          riskCategory: "Read",
          riskLevel: "low",
        },
      });
    }
    const seeded = await seedAgent(database.db, {
      organizationId: org.id,
      serverIds: [serverId, unpublished.id, pinned.id],
    });
    key = seeded.key;
    agentId = seeded.agent.id;
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("enforces a newly published policy without reconnecting, and says the list changed", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo"]);
    await expect(client.callTool({ name: "slow", arguments: { ms: 1 } })).rejects.toThrow(
      /Unknown tool: slow/,
    );

    await seedPolicy(database.db, {
      serverId,
      document: { version: "1", default: "deny", tools: { echo: {}, slow: {} } },
    });
    const publishedAt = Date.now();
    await waitFor(async () => {
      const result = await client.callTool({ name: "slow", arguments: { ms: 1 } }).catch(() => undefined);
      return result && textOf(result) === "done" ? true : undefined;
    }, PROPAGATION_BOUND_MS);
    expect(Date.now() - publishedAt).toBeLessThan(PROPAGATION_BOUND_MS);
    await waitFor(() => changed > 0 || undefined, PROPAGATION_BOUND_MS);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "slow"]);
    await client.close();
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "is woken by NOTIFY on real Postgres, long before the next poll",
    async () => {
      const slow = await startGateway(database.url, { configPollMs: 60_000 });
      const client = await connectClient(mcpUrl(slow.base, account, "fx"), key);
      await expect(client.callTool({ name: "headers", arguments: {} })).rejects.toThrow(/Unknown tool/);
      await seedPolicy(database.db, {
        serverId,
        document: { version: "1", default: "deny", tools: { echo: {}, slow: {}, headers: {} } },
      });
      const publishedAt = Date.now();
      await waitFor(async () => {
        const result = await client.callTool({ name: "headers", arguments: {} }).catch(() => undefined);
        return result && !result.isError ? true : undefined;
      }, PROPAGATION_BOUND_MS);
      // Far below the 60 s poll interval: only the NOTIFY wake-up can explain it.
      expect(Date.now() - publishedAt).toBeLessThan(PROPAGATION_BOUND_MS);
      await client.close();
      await slow.stop();
    },
  );

  it("denies everything on a server whose policy was never published", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "unpublished"), key);
    expect((await client.listTools()).tools).toEqual([]);
    const result = await client.callTool({ name: "echo", arguments: { message: "x" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Denied by policy/);
    await client.close();
  });

  it("hides a tool whose definition changed since it was accepted, on a pinned server, and flags it", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "pinned"), key);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(["echo", "slow", "headers"]);
    await expect(client.callTool({ name: "deploy", arguments: {} })).rejects.toThrow(/Unknown tool: deploy/);
    const flagged = await waitFor(async () => {
      const row = await database.db.tool.findFirst({ where: { name: "deploy", pendingHash: { not: null } } });
      return row ?? undefined;
    });
    const live = basicTools().find((tool) => tool.definition.name === "deploy")?.definition;
    expect(flagged.pendingHash).toBe(toolDefinitionHash(live ?? { name: "deploy" }));
    await client.close();
  });

  it("refuses a suspended agent, then a revoked key, without reconnecting", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    await database.db.agent.update({ where: { id: agentId }, data: { suspended: true } });
    const suspendedAt = Date.now();
    await waitFor(async () => {
      const outcome = await client.callTool({ name: "echo", arguments: { message: "x" } }).then(
        () => undefined,
        (error: unknown) => String(error),
      );
      return outcome;
    }, PROPAGATION_BOUND_MS);
    expect(Date.now() - suspendedAt).toBeLessThan(PROPAGATION_BOUND_MS);
    await database.db.agent.update({ where: { id: agentId }, data: { suspended: false } });
    await database.db.agentKey.updateMany({ where: { agentId }, data: { revokedAt: new Date() } });
    await waitFor(async () => {
      const response = await fetch(mcpUrl(gw.base, account, "fx"), {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
      });
      return response.status === 401 || undefined;
    }, PROPAGATION_BOUND_MS);
    await client.close().catch(() => undefined);
  });
});
