/**
 * Clients and upstreams of different protocol eras through the gateway (issue 18 item 2): where they share a
 * version they work as they do directly; where they do not, the client gets the specification's answer
 * (`-32022` naming the versions served) as directly, never a hang or a 400 it cannot read.
 *
 * - a session-based client (SDK v1) against a 2026-07-28-only upstream (SDK v2, `legacy: "reject"`): refused `-32022`;
 * - the same client against an upstream serving both eras: works;
 * - a 2026-07-28 client against a session-only upstream (SDK v1): in `auto` mode it falls back to `initialize` and
 *   works, pinned to 2026-07-28 it fails as it does directly;
 * - a 2026-07-28 client against a stdio upstream (sessions only): told `-32022` with the session versions.
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { type RunningModernServer, startModernServer } from "@gatehouse/test-fixtures/modern-server.js";
import { everythingEntry } from "@gatehouse/test-fixtures/spawn-server.js";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

type Mode = "auto" | { pin: string };

async function modernClient(url: URL | string, mode: Mode, key?: string): Promise<ModernClient> {
  const client = new ModernClient(
    { name: "modern-test", version: "1.0.0" },
    { versionNegotiation: { mode } },
  );
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new ModernTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** How a connect ended: the era it reached, or the error's code and message. */
async function outcome(connecting: Promise<{ close(): Promise<void> } & object>): Promise<unknown> {
  try {
    const client = await connecting;
    await client.close();
    return "connected";
  } catch (error: unknown) {
    const { code, message, data } = error as { code?: unknown; message?: string; data?: unknown };
    return data === undefined ? { code, message } : { code, message, data };
  }
}

describe("clients and upstreams of different eras", () => {
  let database: TestDatabase;
  let modernOnly: RunningModernServer;
  let bothEras: RunningModernServer;
  let sessionOnly: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  const url = (slug: string) => mcpUrl(gw.base, account, slug);

  beforeAll(async () => {
    [database, modernOnly, bothEras, sessionOnly] = await Promise.all([
      testDatabase(),
      startModernServer({ legacy: "reject" }),
      startModernServer({ legacy: "stateless" }),
      startFixtureServer({ tools: basicTools() }),
    ]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const servers = [
      await seedServer(database.db, { organizationId: org.id, slug: "modern-only", url: modernOnly.url }),
      await seedServer(database.db, { organizationId: org.id, slug: "both-eras", url: bothEras.url }),
      await seedServer(database.db, { organizationId: org.id, slug: "session-only", url: sessionOnly.url }),
      await database.db.server.create({
        data: {
          organizationId: org.id,
          name: "stdio",
          slug: "stdio",
          transport: "stdio",
          command: process.execPath,
          args: [everythingEntry(), "stdio"],
        },
      }),
    ];
    for (const server of servers)
      await seedPolicy(database.db, {
        serverId: server.id,
        document: { version: "1", default: "allow", hide: ["secret", "slow"] },
      });
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: servers.map((s) => s.id) }));
    gw = await startGateway(database.url);
  }, 120_000);

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([modernOnly?.close(), bothEras?.close(), sessionOnly?.close()]);
    await database?.close();
  });

  it("refuses a session-based client in front of a 2026-07-28-only upstream with -32022, as directly", async () => {
    const direct = new Client({ name: "legacy", version: "1" });
    const straight = await outcome(
      direct.connect(new StreamableHTTPClientTransport(new URL(modernOnly.url))).then(() => direct),
    );
    expect((straight as { message: string }).message).toContain('"code":-32022');
    const gated = await outcome(connectClient(url("modern-only"), key));
    expect(gated).toEqual({
      code: -32022,
      message: expect.stringContaining("Unsupported protocol version: 2025-11-25"),
      data: { supported: ["2026-07-28"], requested: "2025-11-25" },
    });
    expect((straight as { message: string }).message).toContain("Unsupported protocol version: 2025-11-25");
  });

  it("serves a session-based client in front of an upstream that serves both eras", async () => {
    const gated = await connectClient(url("both-eras"), key);
    try {
      expect((await gated.listTools()).tools.map((tool) => tool.name)).toEqual([
        "echo",
        "deploy",
        "confirm",
        "count",
      ]);
      expect(await gated.callTool({ name: "echo", arguments: { text: "hi" } })).toMatchObject({
        content: [{ type: "text", text: "hi" }],
      });
    } finally {
      await gated.close();
    }
  });

  it("lets a 2026-07-28 client fall back to a session in front of a session-only upstream, as directly", async () => {
    const direct = await modernClient(sessionOnly.url, "auto");
    const gated = await modernClient(url("session-only"), "auto", key);
    try {
      expect(gated.getServerVersion()).toEqual(direct.getServerVersion());
      const visible = (await direct.listTools()).tools.filter((tool) => tool.name !== "slow");
      expect((await gated.listTools()).tools).toEqual(visible);
    } finally {
      await direct.close();
      await gated.close();
    }
    const pinned = { pin: "2026-07-28" };
    const straight = await outcome(modernClient(sessionOnly.url, pinned));
    const through = await outcome(modernClient(url("session-only"), pinned, key));
    expect(straight).not.toBe("connected");
    expect(through).toEqual(straight);
  });

  it("tells a 2026-07-28 client the session versions of a stdio upstream, and serves it in a session", async () => {
    const refused = await outcome(modernClient(url("stdio"), { pin: "2026-07-28" }, key));
    expect(refused).toMatchObject({
      code: -32022,
      data: { supported: expect.arrayContaining(["2025-11-25"]) },
    });
    const gated = await modernClient(url("stdio"), "auto", key);
    try {
      expect((await gated.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await gated.close();
    }
  });
});
