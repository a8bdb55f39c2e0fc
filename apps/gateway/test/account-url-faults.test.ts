/**
 * Faults on the account URL (issue 20): beside a working server, one that never answers tools/list, one that
 * refuses it and one that is down. Each is left out of the list within GATEWAY_ACCOUNT_WAIT_MS with its reason
 * logged and audited, calls to it get a clear error naming it, and the working server answers as usual.
 */

import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { type RawUpstream, startRawUpstream } from "./helpers/raw-upstream.js";

const WAIT_MS = 1500;

describe("the account URL contains a slow, a refusing and a down server", () => {
  let database: TestDatabase;
  let good: RunningFixture;
  let slow: RawUpstream;
  let refusing: RawUpstream;
  let gw: RunningGateway;
  let client: Client;
  let orgId: string;
  let account: string;
  let key: string;

  beforeAll(async () => {
    [database, good] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    // Answers initialize, never anything else.
    slow = await startRawUpstream({ name: "slow", onRequest: () => undefined });
    refusing = await startRawUpstream({
      name: "refusing",
      onRequest: (request, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ jsonrpc: "2.0", id: request.id, error: { code: -32603, message: "refused" } }),
        );
      },
    });
    const org = await seedOrganization(database.db);
    orgId = org.id;
    account = org.slug;
    const servers = [
      await seedServer(database.db, { organizationId: org.id, slug: "good", url: good.url }),
      await seedServer(database.db, { organizationId: org.id, slug: "slow", url: slow.url }),
      await seedServer(database.db, { organizationId: org.id, slug: "refusing", url: refusing.url }),
      // Nothing listens on port 9 of the loopback.
      await seedServer(database.db, { organizationId: org.id, slug: "down", url: "http://127.0.0.1:9/mcp" }),
    ];
    for (const server of servers) {
      await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    }
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: servers.map((s) => s.id) }));
    gw = await startGateway(database.url, { accountWaitMs: WAIT_MS });
    client = await connectClient(new URL(`${gw.base}/${org.slug}/mcp`), key);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await Promise.all([good?.close(), slow?.close(), refusing?.close()]);
    await database?.close();
  });

  it("lists the working server's tools within the wait, leaving out the others with an audited reason", async () => {
    const startedAt = Date.now();
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    // Bounded by the account's wait, not by the upstream timeout (10 s in tests).
    expect(Date.now() - startedAt).toBeLessThan(WAIT_MS + 3000);
    expect(names).toContain("good__echo");
    expect(names.filter((name) => !name.startsWith("good__"))).toEqual([]);
    const events = await waitFor(async () => {
      const rows = await database.db.auditEvent.findMany({
        where: {
          organizationId: orgId,
          decision: "upstream_error",
          reason: { contains: "left out of tools/list" },
        },
      });
      const slugs = new Set(rows.map((row) => row.serverSlug));
      return ["slow", "refusing", "down"].every((slug) => slugs.has(slug)) ? rows : undefined;
    }, 10_000);
    const reasonOf = (slug: string) => events.find((row) => row.serverSlug === slug)?.reason ?? "";
    expect(reasonOf("slow")).toMatch(/no answer within/);
    expect(reasonOf("refusing")).toMatch(/refused/);
    expect(reasonOf("down")).toMatch(/could not be reached/);
  });

  it("answers calls to a server that could not list with an error naming it; the working one answers", async () => {
    const [down, refused, echo] = await Promise.allSettled([
      client.callTool({ name: "down__echo", arguments: {} }),
      client.callTool({ name: "refusing__echo", arguments: {} }),
      client.callTool({ name: "good__echo", arguments: { message: "unaffected" } }),
    ]);
    expect(down.status === "rejected" && String(down.reason)).toMatch(/Upstream unavailable: down: /);
    expect(refused.status === "rejected" && String(refused.reason)).toMatch(
      /Upstream unavailable: refusing: /,
    );
    expect(echo.status === "fulfilled" && textOf(echo.value)).toContain("unaffected");
  });

  it("passes the agent's cancellation of a call to the server it runs on", async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: "good__slow", arguments: { ms: 5000 } }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort("changed my mind"), 300);
    await expect(call).rejects.toThrow();
    const row = await waitFor(
      async () =>
        (await database.db.auditEvent.findFirst({
          where: { organizationId: orgId, serverSlug: "good", tool: "slow", upstreamStatus: "cancelled" },
        })) ?? undefined,
      10_000,
    );
    expect(row?.decision).toBe("allowed");
  });

  it("keeps an agent to its session limit: a new account session closes its least recently used idle one", async () => {
    const limited = await startGateway(database.url, { accountWaitMs: WAIT_MS, maxSessionsPerAgent: 1 });
    try {
      const url = new URL(`${limited.base}/${account}/mcp`);
      const first = await connectClient(url, key);
      const second = await connectClient(url, key);
      expect((await second.listTools()).tools.map((tool) => tool.name)).toContain("good__echo");
      await expect(first.listTools()).rejects.toThrow(/Session not found/);
      await Promise.all([first.close(), second.close()]);
    } finally {
      await limited.stop();
    }
  });
});
