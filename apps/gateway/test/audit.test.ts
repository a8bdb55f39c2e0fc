import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { connectClient, mcpUrl, startGateway, textOf, waitFor } from "./helpers/gateway.js";
import { startTcpProxy, type TcpProxy, viaProxy } from "./helpers/tcp-proxy.js";

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
    // Spool lines are appended together every 20 ms: the 11 events of the outage are on disk shortly after.
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
