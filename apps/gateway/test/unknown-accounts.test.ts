import { randomBytes } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCache } from "../src/config/account-cache.js";
import { createPool, type Db } from "../src/store/pool.js";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { connectClient, mcpUrl, type RunningGateway, SECRET_KEY, startGateway } from "./helpers/gateway.js";

const log = pino({ level: "silent" });

const randomSlug = () => `nobody-${randomBytes(6).toString("hex")}`;

/** Counts the queries a pool runs and the most it had in flight at once. */
function countQueries(db: Db): { total: number; inFlight: number; maxInFlight: number } {
  const stats = { total: 0, inFlight: 0, maxInFlight: 0 };
  const query = db.query.bind(db) as (...args: unknown[]) => Promise<unknown>;
  (db as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    stats.total += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      return await query(...args);
    } finally {
      stats.inFlight -= 1;
    }
  };
  return stats;
}

// Anyone can ask for /<any slug>/x/mcp without a key: unknown account slugs must cost neither unbounded memory nor
// a pooled connection each, while known accounts load and answer as before.
describe("requests for account slugs that do not exist", () => {
  let fx: FixtureAccount;

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow" });
  }, 60_000);

  afterAll(async () => {
    await fx?.close();
  });

  it("remember only a bounded number of unknown slugs and look them up together", async () => {
    const db = createPool(fx.database.url, log, { maxConnections: 5 });
    const cache = new AccountCache(db, SECRET_KEY, log, 60_000, { maxUnknownSlugs: 50 });
    await cache.start();
    const stats = countQueries(db);
    try {
      const [known, ...unknown] = await Promise.all([
        cache.get(fx.account),
        ...Array.from({ length: 400 }, () => cache.get(randomSlug())),
      ]);
      expect(known?.keys.size).toBe(1);
      expect(unknown.every((snapshot) => snapshot === undefined)).toBe(true);
      // One lookup at a time for every unknown slug, beside the known account's own load.
      expect(stats.maxInFlight).toBeLessThanOrEqual(2);
      expect(stats.total).toBeLessThan(40);
      expect(cache.inspect().unknownSlugs).toBeLessThanOrEqual(50);

      await Promise.all(Array.from({ length: 400 }, () => cache.get(randomSlug())));
      expect(cache.inspect().unknownSlugs).toBeLessThanOrEqual(50);
      expect(cache.inspect().accounts).toBe(1);
      expect(cache.inspect().loading).toBe(0);

      // A slug just found unknown is answered from memory.
      const slug = randomSlug();
      await cache.get(slug);
      const before = stats.total;
      await cache.get(slug);
      expect(stats.total).toBe(before);
    } finally {
      cache.stop();
      await db.end();
    }
  });

  it("answer 401 through the gateway while a real account keeps working", async () => {
    const gw: RunningGateway = await startGateway(fx.database.url);
    try {
      const flood = Promise.all(
        Array.from({ length: 300 }, (_, index) =>
          fetch(mcpUrl(gw.base, randomSlug(), "x"), {
            method: index % 2 ? "GET" : "POST",
            headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
            ...(index % 2 ? {} : { body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) }),
          }).then((response) => response.status),
        ),
      );
      const client = await connectClient(mcpUrl(gw.base, fx.account, fx.server), fx.key);
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
      expect(new Set(await flood)).toEqual(new Set([401]));
      const sizes = gw.gateway.accounts.inspect();
      expect(sizes.accounts).toBe(1);
      expect(sizes.loading).toBe(0);
    } finally {
      await gw.stop();
    }
  });
});
