import { seedOrganization, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCache } from "../src/config/account-cache.js";
import { createPool, type Db } from "../src/store/pool.js";
import { SECRET_KEY, testDatabase } from "./helpers/gateway.js";

const log = pino({ level: "silent" });

// The ConfigChange feed grows with every configuration change: replicas prune it to a day, and a replica that
// could not read it for hours reloads everything instead of trusting a feed that may have lost rows meanwhile.
describe("the configuration change feed", () => {
  let database: TestDatabase;
  let db: Db;
  let cache: AccountCache;
  let orgId: string;
  let slug: string;
  let serverId: string;

  beforeAll(async () => {
    database = await testDatabase();
    db = createPool(database.url, log, { maxConnections: 2 });
    const org = await seedOrganization(database.db);
    orgId = org.id;
    slug = org.slug;
    serverId = (
      await seedServer(database.db, { organizationId: org.id, slug: "fx", url: "http://127.0.0.1:9/mcp" })
    ).id;
    cache = new AccountCache(db, SECRET_KEY, log, 60_000);
    await cache.start();
  }, 60_000);

  afterAll(async () => {
    cache?.stop();
    await db?.end();
    await database?.close();
  });

  const feedRows = async () =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM "ConfigChange"')).rows[0]?.n);

  it("prunes changes older than a day and keeps the recent ones", async () => {
    await db.query(
      `INSERT INTO "ConfigChange" ("organizationId", entity, "createdAt")
       VALUES ($1, 'Server', CURRENT_TIMESTAMP - interval '3 days'), ($1, 'Server', CURRENT_TIMESTAMP - interval '2 days')`,
      [orgId],
    );
    const recent = await feedRows();
    expect(recent).toBeGreaterThanOrEqual(2);
    expect(await cache.pruneFeed()).toBe(2);
    expect(await feedRows()).toBe(recent - 2);
    expect(await cache.pruneFeed()).toBe(0);
  });

  it("retries an account whose reload failed, though the feed has moved past its change", async () => {
    const other = await seedOrganization(database.db);
    await seedServer(database.db, { organizationId: other.id, slug: "fx", url: "http://127.0.0.1:9/mcp" });
    await cache.get(slug);
    await cache.get(other.slug);
    // Both accounts change; this replica's read of the first fails once (the store hiccups mid-round).
    await database.db.server.updateMany({
      where: { organizationId: { in: [orgId, other.id] } },
      data: { pinTools: true },
    });
    const internals = cache as unknown as { fetch(slug: string): Promise<unknown> };
    const fetchAccount = internals.fetch.bind(cache);
    let failures = 0;
    internals.fetch = async (wanted: string) => {
      if (wanted === slug && failures === 0) {
        failures += 1;
        throw new Error("store hiccup");
      }
      return fetchAccount(wanted);
    };
    await cache.poll();
    expect(failures).toBe(1);
    expect(cache.peek(other.slug)?.serversBySlug.get("fx")?.pinTools).toBe(true);
    expect(cache.peek(slug)?.serversBySlug.get("fx")?.pinTools).toBe(false);
    await cache.poll(); // no new change in the feed: the failed account is retried anyway
    expect(cache.peek(slug)?.serversBySlug.get("fx")?.pinTools).toBe(true);
    internals.fetch = fetchAccount;
  });

  it("reloads every account it holds after a long outage, even when the feed lost the change", async () => {
    expect((await cache.get(slug))?.serversBySlug.get("fx")?.suspended).toBe(false);
    await cache.poll(); // settle what earlier tests changed
    await database.db.server.update({ where: { id: serverId }, data: { suspended: true } });
    await db.query('DELETE FROM "ConfigChange"'); // as if pruned while this replica was cut off
    await cache.poll();
    expect(cache.peek(slug)?.serversBySlug.get("fx")?.suspended).toBe(false); // nothing in the feed says so

    cache.lastStoreOkAt = Date.now() - 7 * 60 * 60 * 1000; // the last answer from the store was 7 hours ago
    await cache.poll();
    expect(cache.peek(slug)?.serversBySlug.get("fx")?.suspended).toBe(true);
  });
});
