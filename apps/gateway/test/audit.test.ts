import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawnGateway } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { connectClient, mcpUrl, SECRET_KEY, startGateway, textOf, waitFor } from "./helpers/gateway.js";
import { startTcpProxy, type TcpProxy, viaProxy } from "./helpers/tcp-proxy.js";

async function spoolFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((file) => file.endsWith(".jsonl"));
}

async function auditedCalls(fx: FixtureAccount): Promise<number> {
  return fx.database.db.auditEvent.count({ where: { organizationId: fx.orgId, method: "tools/call" } });
}

async function spoolLines(dir: string): Promise<number> {
  let lines = 0;
  for (const file of await readdir(dir)) {
    lines += (await readFile(path.join(dir, file), "utf8")).split("\n").filter(Boolean).length;
  }
  return lines;
}

describe("audit survives a database outage", () => {
  let fx: FixtureAccount;
  let proxy: TcpProxy;

  beforeAll(async () => {
    fx = await seedFixtureAccount(
      { version: "1", default: "allow", tools: { headers: { action: "deny" } } },
      { storeArgumentValues: true },
    );
    const target = new URL(fx.database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await fx?.close();
  });

  it("keeps enforcing during the outage and finds every event afterwards, across a restart", async () => {
    const first = await startGateway(viaProxy(fx.database.url, proxy));
    const spoolDir = first.gateway.config.auditSpoolDir;
    const client = await connectClient(mcpUrl(first.base, fx.account, fx.server), fx.key);
    for (let i = 0; i < 5; i += 1) {
      expect(
        textOf(await client.callTool({ name: "echo", arguments: { message: `a${i}`, token: "gate_ak_x" } })),
      ).toBe(`a${i}`);
    }
    proxy.cut();
    for (let i = 0; i < 10; i += 1) {
      const result = await client.callTool({ name: "echo", arguments: { message: `b${i}` } });
      expect(textOf(result)).toBe(`b${i}`);
    }
    const denied = await client.callTool({ name: "headers", arguments: {} });
    expect(denied.isError).toBe(true);
    // Once an insert has failed, the queue is spooled and new events are appended every 20 ms: the 11 events of the
    // outage are on disk shortly after.
    await waitFor(async () => ((await spoolLines(spoolDir)) >= 11 ? true : undefined), 2000);
    await client.close();
    await first.stop(); // graceful restart while the database is still unreachable: the spool keeps the events

    proxy.restore();
    const second = await startGateway(fx.database.url, { auditSpoolDir: spoolDir });
    const events = await waitFor(async () => {
      const rows = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, method: "tools/call" },
      });
      return rows.length >= 16 ? rows : undefined;
    }, 10_000);
    expect(events.filter((event) => event.decision === "allowed")).toHaveLength(15);
    expect(events.filter((event) => event.decision === "denied")).toHaveLength(1);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    const withSecret = events.find((event) => JSON.stringify(event.arguments ?? {}).includes("a0"));
    expect(withSecret?.argumentKeys).toEqual(["message", "token"]);
    expect(JSON.stringify(withSecret?.arguments)).not.toContain("gate_ak_x");
    await waitFor(async () => ((await spoolLines(spoolDir)) === 0 ? true : undefined), 5000);
    await second.stop();
  });
});

describe("the audit spool is written only when the database is late", () => {
  let fx: FixtureAccount;
  let proxy: TcpProxy;

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow", tools: {} });
    const target = new URL(fx.database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await fx?.close();
  });

  it("writes nothing to disk while the database keeps up", async () => {
    const gw = await startGateway(fx.database.url);
    const spoolDir = gw.gateway.config.auditSpoolDir;
    const client = await connectClient(mcpUrl(gw.base, fx.account, fx.server), fx.key);
    const before = await auditedCalls(fx);
    for (let i = 0; i < 20; i += 1) {
      expect(textOf(await client.callTool({ name: "echo", arguments: { message: `c${i}` } }))).toBe(`c${i}`);
      expect(await spoolFiles(spoolDir)).toEqual([]);
    }
    await waitFor(async () => ((await auditedCalls(fx)) - before >= 20 ? true : undefined), 5000);
    expect(await spoolFiles(spoolDir)).toEqual([]);
    await client.close();
    await gw.stop();
  });

  it("spools the events a stalled database has not taken within half a second, and deletes them once it has", async () => {
    const gw = await startGateway(viaProxy(fx.database.url, proxy));
    const spoolDir = gw.gateway.config.auditSpoolDir;
    const client = await connectClient(mcpUrl(gw.base, fx.account, fx.server), fx.key);
    const before = await auditedCalls(fx);
    proxy.stall(); // the database's connections stay open and answer nothing: no insert fails, none completes
    for (let i = 0; i < 5; i += 1) {
      expect(textOf(await client.callTool({ name: "echo", arguments: { message: `s${i}` } }))).toBe(`s${i}`);
    }
    await waitFor(async () => ((await spoolLines(spoolDir)) >= 5 ? true : undefined), 3000);
    expect(await auditedCalls(fx)).toBe(before);
    proxy.resume();
    await waitFor(async () => ((await auditedCalls(fx)) - before >= 5 ? true : undefined), 10_000);
    await waitFor(async () => ((await spoolFiles(spoolDir)).length === 0 ? true : undefined), 5000);
    expect((await auditedCalls(fx)) - before).toBe(5);
    await client.close();
    await gw.stop();
  });

  it("keeps what it spooled through a crash of the gateway process (SIGKILL) during a stall", async () => {
    const spoolDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-crash-"));
    const crashing = await spawnGateway({
      DATABASE_URL: viaProxy(fx.database.url, proxy),
      GATEHOUSE_SECRET_KEY: SECRET_KEY.toString("base64"),
      GATEWAY_AUDIT_SPOOL_DIR: spoolDir,
      GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
    });
    const client = await connectClient(mcpUrl(crashing.base, fx.account, fx.server), fx.key);
    const before = await auditedCalls(fx);
    proxy.stall();
    for (let i = 0; i < 5; i += 1) {
      expect(textOf(await client.callTool({ name: "echo", arguments: { message: `k${i}` } }))).toBe(`k${i}`);
    }
    await waitFor(async () => ((await spoolLines(spoolDir)) >= 5 ? true : undefined), 3000);
    crashing.child.kill("SIGKILL");
    await new Promise((resolve) => crashing.child.once("exit", resolve));
    proxy.resume();

    const next = await startGateway(fx.database.url, { auditSpoolDir: spoolDir });
    await waitFor(async () => ((await auditedCalls(fx)) - before >= 5 ? true : undefined), 10_000);
    await waitFor(async () => ((await spoolFiles(spoolDir)).length === 0 ? true : undefined), 5000);
    expect((await auditedCalls(fx)) - before).toBe(5);
    await client.close().catch(() => undefined);
    await next.stop();
  });
});
