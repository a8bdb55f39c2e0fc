import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "../../../bench/fixtures/fixture-server.js";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";

describe("upstream failures", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  let orgId: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    orgId = org.id;
    const fx = await seedServer(database.db, { organizationId: org.id, slug: "fx", url: upstream.url });
    const dead = await seedServer(database.db, {
      organizationId: org.id,
      slug: "dead",
      url: "http://127.0.0.1:1/mcp",
    });
    for (const server of [fx, dead]) {
      await seedPolicy(database.db, {
        serverId: server.id,
        document: {
          version: "1",
          default: "allow",
          tools: { deploy: { action: "require_approval", approval: { hold: 30 } } },
        },
      });
    }
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [fx.id, dead.id] }));
    gw = await startGateway(database.url, { upstreamTimeoutMs: 700 });
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("answers a timed-out call with -32603 and records upstream_error; other sessions go on", async () => {
    const slowClient = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const otherClient = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const slow = slowClient.callTool({ name: "slow", arguments: { ms: 3000 } });
    const other = await otherClient.callTool({ name: "echo", arguments: { message: "still here" } });
    expect(textOf(other)).toBe("still here");
    await expect(slow).rejects.toThrow(/Upstream unavailable: no answer within 700 ms/);
    const again = await slowClient.callTool({ name: "echo", arguments: { message: "after" } });
    expect(textOf(again)).toBe("after");
    await waitFor(async () => {
      const events = await database.db.auditEvent.findMany({
        where: { organizationId: orgId, decision: "upstream_error" },
      });
      return events.length > 0 ? events : undefined;
    }, 5000);
    await Promise.all([slowClient.close(), otherClient.close()]);
  });

  it("answers an unreachable upstream with a clear error", async () => {
    await expect(connectClient(mcpUrl(gw.base, account, "dead"), key)).rejects.toThrow(
      /Upstream unavailable/,
    );
  });

  it("drains in-flight calls and answers held calls with the pending text on graceful shutdown", async () => {
    const slowClient = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const heldClient = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const slow = slowClient.callTool({ name: "slow", arguments: { ms: 400 } });
    const held = heldClient.callTool({ name: "deploy", arguments: { name: "x" } });
    await waitFor(async () =>
      (await database.db.approvalRequest.count({ where: { organizationId: orgId } })) > 0 ? true : undefined,
    );
    await gw.stop();
    expect(textOf(await slow)).toBe("done");
    expect(textOf(await held)).toMatch(/^Approval pending \(id [0-9a-f-]+\)/);
    await expect(connectClient(mcpUrl(gw.base, account, "fx"), key)).rejects.toThrow();
  });
});
