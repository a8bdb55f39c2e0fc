/**
 * The ConfigChange feed (rows appended by triggers): ids are BIGSERIAL, which node-postgres returns as text. An id is
 * taken inside the writer's transaction, so ids become visible in commit order, not id order (config/change-feed.ts).
 */
import type { Db } from "./pool.js";

export interface ConfigChangeRow {
  id: bigint;
  organizationId: string;
}

/** The feed's newest id (0 when empty). */
export async function latestConfigChangeId(db: Db): Promise<bigint> {
  const { rows } = await db.query<{ max: string | null }>('SELECT max(id) AS max FROM "ConfigChange"');
  return BigInt(rows[0]?.max ?? 0);
}

/** The database's current transaction horizon (pg_current_snapshot): see config/change-feed.ts. */
export interface TransactionHorizon {
  /** The oldest transaction id still running (xmax when none is). */
  xmin: bigint;
  /** The first transaction id not yet assigned. */
  xmax: bigint;
}

export async function transactionHorizon(db: Db): Promise<TransactionHorizon> {
  const { rows } = await db.query<{ xmin: string; xmax: string }>(
    "SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax FROM pg_current_snapshot() AS s",
  );
  return { xmin: BigInt(rows[0]?.xmin ?? 0), xmax: BigInt(rows[0]?.xmax ?? 0) };
}

/** Ids known to be missing from the feed, from..to inclusive (see config/change-feed.ts). */
export interface IdRange {
  from: bigint;
  to: bigint;
}

/**
 * Changes past `cursor` and changes inside `holes` (ids below the cursor that were not visible when it passed
 * them), oldest first. Both halves are ranges of the primary key's index.
 */
export async function readConfigChanges(
  db: Db,
  cursor: bigint,
  holes: readonly IdRange[],
  limit: number,
): Promise<ConfigChangeRow[]> {
  const { rows } = await db.query<{ id: string; organizationId: string }>(
    `SELECT id, "organizationId" FROM (
       SELECT c.id, c."organizationId"
       FROM unnest($2::bigint[], $3::bigint[]) AS hole("from", "to")
       JOIN "ConfigChange" c ON c.id BETWEEN hole."from" AND hole."to"
       UNION ALL
       SELECT id, "organizationId" FROM "ConfigChange" WHERE id > $1
     ) AS change ORDER BY id LIMIT $4`,
    [
      cursor.toString(),
      holes.map((hole) => hole.from.toString()),
      holes.map((hole) => hole.to.toString()),
      limit,
    ],
  );
  return rows.map((row) => ({ id: BigInt(row.id), organizationId: row.organizationId }));
}

const PRUNE_SLICE = 5000;

/**
 * Deletes changes older than `days` (every replica follows the feed within a second; a replica that was cut off
 * for longer reloads all its accounts instead, see AccountCache). Times are compared in the database's own clock,
 * the one the triggers stamped them with. Returns how many rows went.
 */
export async function pruneConfigChanges(db: Db, days: number): Promise<number> {
  let deleted = 0;
  for (let round = 0; round < 100; round += 1) {
    // In slices, so that no statement holds many row locks or runs long while replicas poll.
    const { rowCount } = await db.query(
      `DELETE FROM "ConfigChange" WHERE id IN (
         SELECT id FROM "ConfigChange" WHERE "createdAt" < CURRENT_TIMESTAMP - make_interval(days => $1)
         ORDER BY id LIMIT $2)`,
      [days, PRUNE_SLICE],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < PRUNE_SLICE) break;
  }
  return deleted;
}
