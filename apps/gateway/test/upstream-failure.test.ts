import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { STDIO_CRASHER } from "@gatehouse/test-fixtures/paths.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
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

const CRASHER = STDIO_CRASHER;
// Long enough that a 10 MB answer line from the stdio crasher arrives within it on a loaded 2-core machine (at
// 1,500 ms it did not, and the flood test saw the timeout instead of the closed connection).
const UPSTREAM_TIMEOUT_MS = 4000;

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
    const crasher = await database.db.server.create({
      data: {
        organizationId: org.id,
        name: "crasher",
        slug: "crasher",
        transport: "stdio",
        command: process.execPath,
        args: [CRASHER],
      },
    });
    for (const server of [fx, dead, crasher]) {
      await seedPolicy(database.db, {
        serverId: server.id,
        document: {
          version: "1",
          default: "allow",
          tools: { deploy: { action: "require_approval", approval: { hold: 30 } } },
        },
      });
    }
    ({ key } = await seedAgent(database.db, {
      organizationId: org.id,
      serverIds: [fx.id, dead.id, crasher.id],
    }));
    gw = await startGateway(database.url, { upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS });
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("answers a timed-out call with -32603 and records upstream_error; other sessions go on", async () => {
    const slowClient = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const otherClient = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const slow = slowClient.callTool({ name: "slow", arguments: { ms: UPSTREAM_TIMEOUT_MS * 3 } });
    const other = await otherClient.callTool({ name: "echo", arguments: { message: "still here" } });
    expect(textOf(other)).toBe("still here");
    await expect(slow).rejects.toThrow(
      new RegExp(`Upstream unavailable: no answer within ${UPSTREAM_TIMEOUT_MS} ms`),
    );
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

  it("relays a cancellation upstream and stops waiting for that request", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const controller = new AbortController();
    const call = client.callTool({ name: "slow", arguments: { ms: 500 } }, undefined, {
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(call).rejects.toThrow();
    const cancelled = await waitFor(async () => {
      const events = await database.db.auditEvent.findMany({
        where: { organizationId: orgId, tool: "slow", upstreamStatus: "cancelled" },
      });
      return events.length > 0 ? events : undefined;
    }, 5000);
    expect(cancelled[0]?.decision).toBe("allowed");
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "next" } }))).toBe("next");
    await client.close();
  });

  it("turns a crashed stdio upstream into a clear error for that session alone, then ends that session", async () => {
    const url = mcpUrl(gw.base, account, "crasher");
    const doomed = await connectClient(url, key);
    const bystander = await connectClient(url, key);
    await expect(doomed.callTool({ name: "crash", arguments: {} })).rejects.toThrow(
      /Upstream unavailable: the upstream connection closed/,
    );
    // Its process is gone, so is the session: 404, on which an agent initializes again (a new process).
    await expect(doomed.callTool({ name: "echo", arguments: {} })).rejects.toThrow(/Session not found/);
    expect(textOf(await bystander.callTool({ name: "echo", arguments: {} }))).toBe("alive");
    const again = await connectClient(url, key);
    expect(textOf(await again.callTool({ name: "echo", arguments: {} }))).toBe("alive");
    await Promise.all([doomed.close(), bystander.close(), again.close()]);
  });

  it("refuses a stdio upstream's answer line over 10 MB (the SDK's bound) as a clear error for that session alone", async () => {
    const flooded = await connectClient(mcpUrl(gw.base, account, "crasher"), key);
    const bystander = await connectClient(mcpUrl(gw.base, account, "crasher"), key);
    await expect(flooded.callTool({ name: "flood", arguments: {} })).rejects.toThrow(
      /Upstream unavailable: the upstream connection closed/,
    );
    expect(textOf(await bystander.callTool({ name: "echo", arguments: {} }))).toBe("alive");
    expect((await fetch(`${gw.base}/healthz`)).status).toBe(200);
    await Promise.all([flooded.close(), bystander.close()]);
  });

  it("ends the upstream session when the agent ends its session (DELETE); the id is then unknown", async () => {
    const before = upstream.sessions();
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    await client.callTool({ name: "echo", arguments: { message: "x" } });
    expect(upstream.sessions()).toBe(before + 1);
    const transport = client.transport as StreamableHTTPClientTransport;
    const sessionId = transport.sessionId ?? "";
    await transport.terminateSession();
    await waitFor(() => (upstream.sessions() === before ? true : undefined), 3000);
    const response = await fetch(mcpUrl(gw.base, account, "fx"), {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": sessionId,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "ping" }),
    });
    expect(response.status).toBe(404);
    await client.close();
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
