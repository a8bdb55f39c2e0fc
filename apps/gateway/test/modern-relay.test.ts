/**
 * MCP 2026-07-28 (stateless) through the gateway, compared with the same client straight at the upstream: a real
 * `@modelcontextprotocol/client` 2.x against a real `@modelcontextprotocol/server` 2.x that serves 2026-07-28 only.
 * Discovery, listing, calls and the multi-round-trip (`input_required`) answer alike; policy hides, denies and
 * audits as it does for a session.
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { type RunningModernServer, startModernServer } from "@gatehouse/test-fixtures/modern-server.js";
import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpUrl, type RunningGateway, startGateway, testDatabase, waitFor } from "./helpers/gateway.js";
import { modernClient } from "./helpers/modern-client.js";

const POLICY = {
  version: "1",
  default: "allow",
  hide: ["secret"],
  tools: {
    count: { action: "deny", reason: "no counting today" },
    deploy: { action: "require_approval", approval: { timeout: 120, hold: 30 } },
  },
};

/** What a failed call was answered, as the client reports it. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => ({ answered: value }),
    (error: { code?: unknown; message?: unknown }) => ({ code: error.code, message: error.message }),
  );
}

describe("a 2026-07-28 client through the gateway to a 2026-07-28 upstream", () => {
  let database: TestDatabase;
  let upstream: RunningModernServer;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  let orgId: string;
  let direct: Client;
  let gated: Client;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startModernServer()]);
    const org = await seedOrganization(database.db);
    ({ slug: account, id: orgId } = org);
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "modern",
      url: upstream.url,
    });
    await seedPolicy(database.db, { serverId: server.id, document: POLICY });
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] }));
    gw = await startGateway(database.url);
    direct = await modernClient(upstream.url);
    gated = await modernClient(mcpUrl(gw.base, account, "modern"), key);
  }, 120_000);

  afterAll(async () => {
    await direct?.close();
    await gated?.close();
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("discovers the same server: version, capabilities, instructions, server info", () => {
    expect(gated.getNegotiatedProtocolVersion?.() ?? "2026-07-28").toBe("2026-07-28");
    expect(gated.getServerCapabilities()).toEqual(direct.getServerCapabilities());
    expect(gated.getServerVersion()).toEqual(direct.getServerVersion());
    expect(gated.getInstructions()).toEqual(direct.getInstructions());
  });

  it("lists the tools the policy shows, with the upstream's cache hints", async () => {
    const [viaGateway, straight] = await Promise.all([gated.listTools(), direct.listTools()]);
    expect(straight.tools.map((tool) => tool.name)).toEqual(["echo", "deploy", "secret", "confirm", "count"]);
    expect(viaGateway.tools).toEqual(straight.tools.filter((tool) => tool.name !== "secret"));
    // The upstream's list is the same for everyone; the gateway's is this agent's, never for a shared cache.
    expect({ ttlMs: straight.ttlMs, cacheScope: straight.cacheScope }).toEqual({
      ttlMs: 60_000,
      cacheScope: "public",
    });
    expect({ ttlMs: viaGateway.ttlMs, cacheScope: viaGateway.cacheScope }).toEqual({
      ttlMs: 60_000,
      cacheScope: "private",
    });
    expect(viaGateway._meta).toEqual(straight._meta);
  });

  it("passes a resource's cache hints through as they are", async () => {
    const read = { uri: "memo://readme" };
    const viaGateway = await gated.readResource(read);
    expect(viaGateway).toEqual(await direct.readResource(read));
    expect({ ttlMs: viaGateway.ttlMs, cacheScope: viaGateway.cacheScope }).toEqual({
      ttlMs: 5000,
      cacheScope: "public",
    });
  });

  it("calls a tool alike, and completes a multi-round-trip (input_required) call alike", async () => {
    const echo = { name: "echo", arguments: { text: "hello" } };
    expect(await gated.callTool(echo)).toEqual(await direct.callTool(echo));
    const confirm = { name: "confirm", arguments: { what: "deploy" } };
    const answer = await gated.callTool(confirm);
    expect(answer).toEqual(await direct.callTool(confirm));
    expect(answer.content).toEqual([{ type: "text", text: "deploy: done" }]);
  });

  it("answers a hidden tool as the upstream answers a missing one, and refuses a denied one", async () => {
    const missing = await failure(direct.callTool({ name: "nope", arguments: {} }));
    const hidden = await failure(gated.callTool({ name: "secret", arguments: {} }));
    expect(missing).toMatchObject({ code: -32602 });
    expect(hidden).toEqual(JSON.parse(JSON.stringify(missing).replaceAll("nope", "secret")));
    const denied = await gated.callTool({ name: "count", arguments: { to: 2 } });
    expect(denied.isError).toBe(true);
    expect(JSON.stringify(denied.content)).toContain("no counting today");
  });

  it("holds a call that needs approval until a person approves it, then answers as directly", async () => {
    const deploy = { name: "deploy", arguments: { name: "web" } };
    const call = gated.callTool(deploy);
    const row = await waitFor(
      async () =>
        (await database.db.approvalRequest.findFirst({
          where: { organizationId: orgId, status: "pending" },
        })) ?? undefined,
      10_000,
    );
    await database.db.approvalRequest.updateMany({
      where: { id: row.id, status: "pending" },
      data: { status: "approved", decidedAt: new Date(), usableUntil: new Date(Date.now() + 120_000) },
    });
    expect(await call).toEqual(await direct.callTool(deploy));
  });

  it("audits each request under the agent's credential", async () => {
    const events = await waitFor(async () => {
      const rows = await database.db.auditEvent.findMany({
        where: { organizationId: orgId, method: "tools/call" },
      });
      return rows.length >= 6 ? rows : undefined;
    }, 10_000);
    const decisions = events.map((event) => `${event.tool}:${event.decision}`).sort();
    expect(decisions).toEqual(
      expect.arrayContaining([
        "confirm:allowed",
        "count:denied",
        "deploy:approved",
        "echo:allowed",
        "secret:hidden",
      ]),
    );
    expect(new Set(events.map((event) => event.sessionId)).size).toBe(1);
    expect(events[0]?.sessionId).toMatch(/^stateless:/);
  });

  it("never sends the agent's key upstream", () => {
    const seen = upstream.requests.filter((request) => request.headers["mcp-method"] !== undefined);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((request) => request.headers.authorization?.includes(key))).toBe(false);
  });
});
