import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCache } from "../src/config/account-cache.js";
import type { AccountSnapshot } from "../src/config/snapshot.js";
import { createPool, type Db } from "../src/store/pool.js";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { SECRET_KEY } from "./helpers/gateway.js";

const log = pino({ level: "silent" });

// The first request for an account loads it; a change the feed delivers while that load is still reading must not
// be lost: the load may have read the account before the change committed.
describe("a change that arrives while an account is first loaded", () => {
  let fx: FixtureAccount;
  let db: Db;
  let cache: AccountCache;

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow" });
    db = createPool(fx.database.url, log, { maxConnections: 2 });
    cache = new AccountCache(db, SECRET_KEY, log, 60_000);
    await cache.start();
  }, 60_000);

  afterAll(async () => {
    cache?.stop();
    await db?.end();
    await fx?.close();
  });

  it("reloads the account once its load has finished", async () => {
    const internals = cache as unknown as { fetch(slug: string): Promise<AccountSnapshot | undefined> };
    const fetchAccount = internals.fetch.bind(cache);
    let staged = false;
    internals.fetch = async (slug: string) => {
      const snapshot = await fetchAccount(slug);
      if (!staged) {
        staged = true;
        // The key is revoked after the load read it, and the feed delivers the change before the load ends.
        await fx.database.db.agentKey.updateMany({
          where: { agentId: fx.agentId },
          data: { revokedAt: new Date() },
        });
        await cache.poll();
      }
      return snapshot;
    };
    try {
      await cache.get(fx.account);
      expect(staged).toBe(true);
      await cache.poll();
      expect(cache.peek(fx.account)?.keys.size).toBe(0);
    } finally {
      internals.fetch = fetchAccount;
    }
  });
});
