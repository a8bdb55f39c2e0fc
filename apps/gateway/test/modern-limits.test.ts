/**
 * Limits on stateless (2026-07-28) requests: a rate limit counts the agent key's calls across requests (there is no
 * session, so a session-scoped limit is the credential's), and GATEWAY_UPSTREAM_TIMEOUT_MS ends a call whose
 * upstream went silent, not a slow one that keeps reporting progress.
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { type RunningModernServer, startModernServer } from "@gatehouse/test-fixtures/modern-server.js";
import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpUrl, type RunningGateway, startGateway, testDatabase, textOf } from "./helpers/gateway.js";
import { modernClient } from "./helpers/modern-client.js";

describe("limits on 2026-07-28 requests", () => {
  let database: TestDatabase;
  let upstream: RunningModernServer;
  let gw: RunningGateway;
  let gated: Client;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startModernServer()]);
    const org = await seedOrganization(database.db);
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "modern",
      url: upstream.url,
    });
    await seedPolicy(database.db, {
      serverId: server.id,
      document: { version: "1", default: "allow", tools: { echo: { rate_limit: { max: 2, window: 3600 } } } },
    });
    const { key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] });
    gw = await startGateway(database.url, { upstreamTimeoutMs: 1500 });
    gated = await modernClient(mcpUrl(gw.base, org.slug, "modern"), key);
  }, 120_000);

  afterAll(async () => {
    await gated?.close();
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("counts a rate limit across the key's requests", async () => {
    const echo = { name: "echo", arguments: { text: "x" } };
    expect(textOf(await gated.callTool(echo))).toBe("x");
    expect(textOf(await gated.callTool(echo))).toBe("x");
    const third = await gated.callTool(echo);
    expect(third.isError).toBe(true);
    expect(textOf(third)).toMatch(/rate limit/i);
  });

  it("lets a slow call that reports progress finish, and ends one whose upstream went silent", async () => {
    const steps: number[] = [];
    const slow = await gated.callTool(
      { name: "count", arguments: { to: 4, everyMs: 700 } },
      {
        onprogress: (progress: { progress: number }) => steps.push(progress.progress),
        timeout: 30_000,
      },
    );
    expect(textOf(slow)).toBe("counted to 4");
    expect(steps).toEqual([1, 2, 3, 4]);
    const silent = await gated
      .callTool({ name: "count", arguments: { to: 1, everyMs: 4000 } }, { timeout: 30_000 })
      .then(
        () => "answered",
        (error: Error) => error.message,
      );
    expect(silent).toContain("Upstream unavailable");
  });
});
