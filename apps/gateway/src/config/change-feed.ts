/**
 * Reads the ConfigChange feed so that every change is seen once, although ids become visible in commit order: an
 * admin's transaction takes id 100 and is still open when one that took 101 commits and is read. A cursor alone
 * would pass 100 for good. So every id the cursor passes without seeing is a hole, re-read on every round until its
 * row appears or the hole is older than any admin transaction lasts (a rolled-back transaction leaves a hole that
 * never fills). The dashboard's transactions are Prisma's interactive ones, cut off after 5 s; HOLE_TTL_MS allows
 * twelve times that.
 */
import { type ConfigChangeRow, latestConfigChangeId, readConfigChanges } from "../store/config-change.js";
import type { Db } from "../store/pool.js";

/** How long an id the cursor passed may still appear. */
export const HOLE_TTL_MS = 60_000;
/** Holes followed at most; past it the oldest are given up and every account is reloaded once they would expire. */
export const MAX_HOLES = 1000;
/** On start, the newest ids are read again: a gap among them may be a transaction that is still open. */
const START_LOOKBACK = 1000n;
const ROWS_PER_READ = 1000;

interface Hole {
  from: bigint;
  to: bigint;
  /** When the read that found it started. */
  seenAt: number;
}

export interface FeedRead {
  /** Changes not returned before, oldest first. */
  rows: ConfigChangeRow[];
  /** True once a given-up hole would have expired: changes may have been missed, reload everything. */
  reloadAll: boolean;
}

export class ChangeFeed {
  private cursor: bigint | undefined;
  private holes: Hole[] = [];
  private reloadAllAt: number | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Ids the feed is waiting for (for tests and inspection). */
  get waitingFor(): number {
    return this.holes.length;
  }

  /**
   * Places the cursor a little before the feed's end. The rows read again come back from the first `read` (a
   * change to an account this replica does not hold yet costs nothing), never silently skipped.
   */
  async start(): Promise<void> {
    const latest = await latestConfigChangeId(this.db);
    this.cursor = latest > START_LOOKBACK ? latest - START_LOOKBACK : 0n;
    this.holes = [];
  }

  async read(): Promise<FeedRead> {
    if (this.cursor === undefined) await this.start();
    const cursor = this.cursor ?? 0n;
    const startedAt = this.now();
    const rows = await readConfigChanges(this.db, cursor, this.holes, ROWS_PER_READ);
    let next = cursor + 1n;
    for (const row of rows) {
      if (row.id < next) {
        this.fill(row.id);
        continue;
      }
      if (row.id > next) this.holes.push({ from: next, to: row.id - 1n, seenAt: startedAt });
      next = row.id + 1n;
    }
    this.cursor = next - 1n;
    // Only a read that started after a hole's deadline, and did not find it, may give it up.
    this.holes = this.holes.filter((hole) => startedAt - hole.seenAt < HOLE_TTL_MS);
    this.bound();
    const reloadAll = this.reloadAllAt !== undefined && startedAt >= this.reloadAllAt;
    if (reloadAll) this.reloadAllAt = undefined;
    return { rows, reloadAll };
  }

  /** An id inside a hole appeared: the hole shrinks or splits around it. */
  private fill(id: bigint): void {
    const index = this.holes.findIndex((hole) => hole.from <= id && id <= hole.to);
    const hole = this.holes[index];
    if (!hole) return;
    const rest: Hole[] = [];
    if (hole.from < id) rest.push({ ...hole, to: id - 1n });
    if (id < hole.to) rest.push({ ...hole, from: id + 1n });
    this.holes.splice(index, 1, ...rest);
  }

  /** Holes are in id order, which is also the order they were found in: the oldest go first. */
  private bound(): void {
    const excess = this.holes.length - MAX_HOLES;
    if (excess <= 0) return;
    const given = this.holes.splice(0, excess);
    const deadline = (given[given.length - 1]?.seenAt ?? this.now()) + HOLE_TTL_MS;
    this.reloadAllAt = Math.max(this.reloadAllAt ?? 0, deadline);
  }
}
