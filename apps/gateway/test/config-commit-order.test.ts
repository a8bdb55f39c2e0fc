import { seedOrganization, seedServer } from "@gatehouse/db/seed";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCache } from "../src/config/account-cache.js";
import { createPool, type Db } from "../src/store/pool.js";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { mcpUrl, type RunningGateway, SECRET_KEY, startGateway, waitFor } from "./helpers/gateway.js";

const log = pino({ level: "silent" });

// ConfigChange ids are taken inside the admin's transaction, so they become visible in commit order, not id order:
// a change whose transaction commits after a later id was read must still be enforced.
describe("a configuration change committed after a later one", () => {
  let fx: FixtureAccount;
  /** A second account whose changes commit in between. */
  let other: { id: string; slug: string; serverId: string };

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow" });
    const org = await seedOrganization(fx.database.db);
    const server = await seedServer(fx.database.db, {
      organizationId: org.id,
      slug: "fx",
      url: fx.upstream.url,
    });
    other = { id: org.id, slug: org.slug, serverId: server.id };
  }, 60_000);

  afterAll(async () => {
    await fx?.close();
  });

  const setOtherSuspended = (suspended: boolean) =>
    fx.database.db.server.update({ where: { id: other.serverId }, data: { suspended } });

  it("is read by the cache, though its id is below the cursor (embedded and real Postgres)", async () => {
    const db: Db = createPool(fx.database.url, log, { maxConnections: 2 });
    const cache = new AccountCache(db, SECRET_KEY, log, 60_000);
    await cache.start();
    try {
      expect((await cache.get(fx.account))?.keys.size).toBe(1);
      await cache.get(other.slug);
      // T1 takes its id first; T2 takes the next one and commits; the cache reads T2.
      const taken = await db.query<{ id: string }>(
        `SELECT nextval(pg_get_serial_sequence('"ConfigChange"', 'id')) AS id`,
      );
      await setOtherSuspended(true);
      await cache.poll();
      expect(cache.peek(other.slug)?.serversBySlug.get("fx")?.suspended).toBe(true);
      // T1 commits now, with the id it took: what the trigger would write, as a reader sees it (PGlite is one
      // session, so two open transactions cannot be staged there; the next test does it on real Postgres).
      const client = await db.connect();
      try {
        await client.query("BEGIN");
        await client.query("SET LOCAL session_replication_role = replica");
        await client.query('UPDATE "AgentKey" SET "revokedAt" = CURRENT_TIMESTAMP WHERE "agentId" = $1', [
          fx.agentId,
        ]);
        await client.query(
          `INSERT INTO "ConfigChange" (id, "organizationId", entity) VALUES ($1, $2, 'AgentKey')`,
          [taken.rows[0]?.id, fx.orgId],
        );
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      await cache.poll();
      expect(cache.peek(fx.account)?.keys.size).toBe(0);
    } finally {
      cache.stop();
      await fx.database.db.agentKey.updateMany({ where: { agentId: fx.agentId }, data: { revokedAt: null } });
      await setOtherSuspended(false);
      await db.end();
    }
  });

  // Two transactions open at once on two connections: PGlite is one database session for every connection, so an
  // open transaction there makes the other connection wait (DESIGN §9). Real Postgres only.
  it.skipIf(!process.env.DATABASE_URL)(
    "is enforced by a running gateway: a key revoked in a transaction that commits late gets 401",
    async () => {
      const gw: RunningGateway = await startGateway(fx.database.url);
      const t1 = new pg.Client({ connectionString: fx.database.url });
      const t2 = new pg.Client({ connectionString: fx.database.url });
      await Promise.all([t1.connect(), t2.connect()]);
      const ping = () =>
        fetch(mcpUrl(gw.base, fx.account, fx.server), {
          method: "POST",
          headers: {
            authorization: `Bearer ${fx.key}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
        }).then((response) => response.status);
      try {
        expect(await ping()).not.toBe(401);
        await gw.gateway.accounts.get(other.slug);

        // T1: tenant X revokes the key, through the app's SQL and the trigger; it stays open.
        await t1.query("BEGIN");
        await t1.query('UPDATE "AgentKey" SET "revokedAt" = CURRENT_TIMESTAMP WHERE "agentId" = $1', [
          fx.agentId,
        ]);
        // T2: another tenant's change takes the next id and commits; the gateway reads it (NOTIFY and the poll).
        await t2.query('UPDATE "Server" SET suspended = true WHERE id = $1', [other.serverId]);
        await waitFor(() => gw.gateway.accounts.peek(other.slug)?.serversBySlug.get("fx")?.suspended);
        await new Promise((resolve) => setTimeout(resolve, 300)); // a few more poll rounds past T2
        expect(await ping()).not.toBe(401);

        await t1.query("COMMIT");
        const committedAt = Date.now();
        await waitFor(async () => (await ping()) === 401 || undefined, 3000);
        expect(Date.now() - committedAt).toBeLessThan(3000);
      } finally {
        await t1.query("ROLLBACK").catch(() => undefined);
        await Promise.all([t1.end(), t2.end()]);
        await gw.stop();
        await fx.database.db.agentKey.updateMany({
          where: { agentId: fx.agentId },
          data: { revokedAt: null },
        });
        await setOtherSuspended(false);
      }
    },
  );
});
