/**
 * The gateway's connection pool (node-postgres, not Prisma: the Prisma client's query compiler alone costs ~90 MB
 * of RSS). The schema stores UTC in TIMESTAMP(3) WITHOUT TIME ZONE (Prisma's convention), so this pool reads those
 * columns as UTC, and every query passes a time as `utc(date)`, never as a Date (node-postgres would send local
 * time with an offset, which Postgres ignores for that type).
 */
import pg from "pg";
import type { Logger } from "../log.js";

export type Db = pg.Pool;

/** OID of `timestamp without time zone`. */
const TIMESTAMP_OID = 1114;

/** Reads a `timestamp without time zone` text value ("2026-11-24 09:30:00" or "….123") as UTC. */
export function parseUtcTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/** A time as a query parameter: ISO 8601 in UTC, stored as is in a timestamp-without-time-zone column. */
export function utc(date: Date): string {
  return date.toISOString();
}

const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary" ? parseUtcTimestamp : pg.types.getTypeParser(oid, format),
};

export function createPool(url: string, log: Logger, options: { maxConnections?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 5,
    types,
    // A database that stops answering must fail requests promptly (fail closed, StoreUnavailableError), not
    // leave them and the change poller waiting for minutes: Prisma's limits were 5 s to connect, 10 s per pool.
    connectionTimeoutMillis: 5000,
    query_timeout: 15_000,
  });
  // An idle connection the server dropped: the pool replaces it on next use; without a listener it would crash us.
  pool.on("error", (error) => log.debug({ err: error.message }, "idle database connection lost"));
  return pool;
}
