import { seedOrganization } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeFeed, HORIZON_DELAY_MS, MAX_HOLES } from "../src/config/change-feed.js";
import { createPool, type Db } from "../src/store/pool.js";
import { testDatabase } from "./helpers/gateway.js";

const log = pino({ level: "silent" });
const SEQUENCE = `pg_get_serial_sequence('"ConfigChange"', 'id')`;

// Feed ids are taken inside the writer's transaction and become visible in commit order. Here a row is written with
// an id taken earlier, which is what a reader sees when a transaction commits after a later one (this works on the
// embedded database too, where two transactions cannot be open at once).
describe("the change feed's holes", () => {
  let database: TestDatabase;
  let db: Db;
  let orgId: string;
  let now = 1_000_000;

  beforeAll(async () => {
    database = await testDatabase();
    db = createPool(database.url, log, { maxConnections: 2 });
    orgId = (await seedOrganization(database.db)).id;
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await database?.close();
  });

  /** An id taken by a transaction that has not committed (or never will). */
  const takeId = async () =>
    BigInt((await db.query<{ id: string }>(`SELECT nextval(${SEQUENCE}) AS id`)).rows[0]?.id ?? 0);
  /** A committed change, with the id given or the next one. */
  const commitChange = async (id?: bigint) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO "ConfigChange" (id, "organizationId", entity)
       VALUES (coalesce($1::bigint, nextval(${SEQUENCE})), $2, 'Server') RETURNING id`,
      [id?.toString() ?? null, orgId],
    );
    return BigInt(rows[0]?.id ?? 0);
  };
  const ids = (rows: { id: bigint }[]) => rows.map((row) => row.id);

  /**
   * Reads until the feed waits for nothing, the clock past each horizon delay. Transaction ids are the whole
   * cluster's, so a transaction of another test file running meanwhile may hold a hole a little longer.
   */
  async function readUntilSettled(feed: ChangeFeed): Promise<{ rounds: number; reloadAll: boolean }> {
    const deadline = Date.now() + 10_000;
    let rounds = 0;
    let reloadAll = false;
    while ((feed.waitingFor > 0 || rounds === 0) && Date.now() < deadline) {
      now += HORIZON_DELAY_MS;
      reloadAll = (await feed.read()).reloadAll || reloadAll;
      rounds += 1;
      if (feed.waitingFor > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { rounds, reloadAll };
  }

  /** A feed at the end of the feed, waiting for nothing that earlier tests left. */
  async function freshFeed(): Promise<ChangeFeed> {
    const feed = new ChangeFeed(db, () => now);
    await feed.start();
    while ((await feed.read()).rows.length > 0);
    await readUntilSettled(feed);
    expect(feed.waitingFor).toBe(0);
    return feed;
  }

  it("returns a change whose id appears after a later one, once", async () => {
    const feed = await freshFeed();
    const first = await takeId();
    const second = await commitChange();
    expect(ids((await feed.read()).rows)).toEqual([second]);
    expect(feed.waitingFor).toBe(1);
    now += 1000;
    expect(ids((await feed.read()).rows)).toEqual([]);
    await commitChange(first);
    const third = await commitChange();
    expect(ids((await feed.read()).rows)).toEqual([first, third]);
    expect(feed.waitingFor).toBe(0);
    expect(ids((await feed.read()).rows)).toEqual([]);
  });

  it("gives up a hole left by a rolled-back transaction once no transaction could still write it", async () => {
    const feed = await freshFeed();
    await takeId();
    await commitChange();
    await feed.read();
    now += HORIZON_DELAY_MS - 1;
    await feed.read();
    expect(feed.waitingFor).toBe(1); // too early to know which transactions could hold it
    const { rounds } = await readUntilSettled(feed);
    expect(feed.waitingFor).toBe(0);
    expect(rounds).toBeGreaterThanOrEqual(2); // one round takes the horizon, a later one finds it passed
  });

  // Two transactions open at once need two sessions: PGlite has one (DESIGN §9). Real Postgres only.
  it.skipIf(!process.env.DATABASE_URL)(
    "keeps a hole while the transaction that took its id is open, however long that is",
    async () => {
      const feed = await freshFeed();
      const writer = new pg.Client({ connectionString: database.url });
      await writer.connect();
      try {
        await writer.query("BEGIN");
        const taken = BigInt(
          (await writer.query<{ id: string }>(`SELECT nextval(${SEQUENCE}) AS id`)).rows[0]?.id ?? 0,
        );
        await writer.query("SELECT pg_current_xact_id()"); // it writes, so it has a transaction id
        const later = await commitChange();
        expect(ids((await feed.read()).rows)).toEqual([later]);
        for (let round = 0; round < 10; round += 1) {
          now += 10 * 60 * 1000; // ten minutes a round
          expect((await feed.read()).rows).toEqual([]);
        }
        expect(feed.waitingFor).toBe(1);
        await writer.query(
          `INSERT INTO "ConfigChange" (id, "organizationId", entity) VALUES ($1, $2, 'AgentKey')`,
          [taken.toString(), orgId],
        );
        await writer.query("COMMIT");
        expect(ids((await feed.read()).rows)).toEqual([taken]);
        expect(feed.waitingFor).toBe(0);
      } finally {
        await writer.end();
      }
    },
  );

  it("follows gaps among the newest ids from the start: a transaction may be open while the replica starts", async () => {
    await freshFeed();
    const first = await takeId();
    const second = await commitChange();
    const feed = new ChangeFeed(db, () => now);
    await feed.start();
    expect(ids((await feed.read()).rows)).toContain(second);
    await commitChange(first);
    expect(ids((await feed.read()).rows)).toEqual([first]);
  });

  it("follows at most MAX_HOLES, and asks for everything to be reloaded once a given-up one would expire", async () => {
    const feed = await freshFeed();
    const base = await takeId();
    // Every other id committed: MAX_HOLES + 1 holes.
    await db.query(
      `INSERT INTO "ConfigChange" (id, "organizationId", entity)
       SELECT $1::bigint + 2 * n, $2, 'Server' FROM generate_series(1, $3::int) AS n`,
      [base.toString(), orgId, MAX_HOLES + 1],
    );
    await db.query(`SELECT setval(${SEQUENCE}, $1::bigint)`, [
      (base + 2n * BigInt(MAX_HOLES + 1)).toString(),
    ]);
    let read = await feed.read();
    while (read.rows.length > 0) {
      expect(read.reloadAll).toBe(false);
      read = await feed.read();
    }
    expect(feed.waitingFor).toBe(MAX_HOLES);
    expect((await feed.read()).reloadAll).toBe(false); // too early to know which transactions could hold them
    expect(await readUntilSettled(feed)).toMatchObject({ reloadAll: true });
    expect((await feed.read()).reloadAll).toBe(false);
    expect(feed.waitingFor).toBe(0);
  });
});
