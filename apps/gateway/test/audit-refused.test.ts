import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog, type AuditRecord, storableJson } from "../src/audit/audit-log.js";
import { uuidv7 } from "../src/ids.js";
import { createPool, type Db } from "../src/store/pool.js";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { waitFor } from "./helpers/gateway.js";

describe("storableJson", () => {
  it("replaces NUL and unpaired surrogates, and nothing that only looks like them", () => {
    const text = JSON.stringify({ a: "x\u0000y", b: "\ud800", c: "\\u0000 is text", d: "😀", e: "\\\u0000" });
    const stored = JSON.parse(storableJson(text)) as Record<string, string>;
    expect(stored).toEqual({ a: "x\ufffdy", b: "\ufffd", c: "\\u0000 is text", d: "😀", e: "\\\ufffd" });
  });
});

// An agent controls tool names and argument values: none of them may stop the audit trail.
describe("audit events the database would refuse", () => {
  const fx = withFixtureGateway({ version: "1", default: "allow" }, { storeArgumentValues: true });
  let db: Db;

  beforeAll(() => {
    db = createPool(fx.database.url, pino({ level: "silent" }), { maxConnections: 2 });
  });

  afterAll(async () => {
    await db?.end();
  });

  it("stores calls whose tool name and arguments hold NUL, and the calls after them", async () => {
    const client = await fx.connect();
    // The fixture has no such tool and says so, as low-level SDK servers do: a JSON-RPC error.
    await expect(client.callTool({ name: "ec\u0000ho", arguments: {} })).rejects.toThrow(/Unknown tool/);
    await client.callTool({ name: "echo", arguments: { message: "a\u0000b", "k\u0000": "\ud800" } });
    await client.callTool({ name: "echo", arguments: { message: "after" } });
    const events = await waitFor(async () => {
      const rows = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, method: "tools/call" },
      });
      return rows.length >= 3 ? rows : undefined;
    }, 10_000);
    expect(events.map((event) => event.tool).sort()).toEqual(["echo", "echo", "ec\ufffdho"]);
    expect(JSON.stringify(events.map((event) => event.arguments))).toContain("a\ufffdb");
    await client.close();
  });

  it("stores a call whose tool name and argument key are kilobytes long, cut to their first 200 characters", async () => {
    const client = await fx.connect();
    // Random text does not compress: whole, it would exceed Postgres's limit for an index entry (about 2.7 kB).
    const long = (prefix: string) => prefix + randomBytes(4000).toString("base64");
    const tool = long("probe-");
    const key = long("key-");
    await expect(client.callTool({ name: tool, arguments: { [key]: "v" } })).rejects.toThrow(/Unknown tool/);
    const stored = await waitFor(async () => {
      const rows = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, tool: { startsWith: "probe-" } },
      });
      return rows[0];
    }, 10_000);
    expect(stored.tool).toBe(tool.slice(0, 200));
    expect(stored.argumentKeys).toEqual([key.slice(0, 200)]);
    expect(Object.keys(stored.arguments as object)).toEqual([key.slice(0, 200)]);
    await client.close();
  });

  it("sets aside an event the database refuses and inserts the rest of its batch", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-refused-"));
    const audit = new AuditLog(db, dir, pino({ level: "silent" }));
    await audit.start();
    const event = (over: Partial<AuditRecord>): AuditRecord => ({
      id: uuidv7(),
      organizationId: fx.orgId,
      method: "tools/list",
      decision: "allowed",
      argumentKeys: [],
      createdAt: new Date().toISOString(),
      ...over,
    });
    const good = [event({}), event({}), event({})];
    audit.record(good[0] as AuditRecord);
    audit.record(event({ createdAt: "not a time" }));
    audit.record(good[1] as AuditRecord);
    audit.record(good[2] as AuditRecord);
    await audit.flush();
    const stored = await fx.database.db.auditEvent.findMany({ where: { id: { in: good.map((e) => e.id) } } });
    expect(stored).toHaveLength(3);
    expect(audit.pending).toBe(0);
    const refused = (await readdir(dir)).filter((file) => file.endsWith(".refused"));
    expect(refused).toHaveLength(1);
    expect(await readFile(path.join(dir, refused[0] as string), "utf8")).toContain("not a time");
    await audit.close();
  });
});
