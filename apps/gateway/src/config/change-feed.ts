/**
 * Reads the ConfigChange feed so that every change is seen once, although ids become visible in commit order: an
 * admin's transaction takes id 100 and is still open when one that took 101 commits and is read. A cursor alone
 * would pass 100 for good. So every id the cursor passes without seeing is a hole, re-read on every round until its
 * row appears or no transaction that could still write it is running (a rolled-back transaction leaves a hole that
 * never fills).
 *
 * Which transactions could: the one that took an id has a transaction id by then, or gets one within the statement
 * that took it. HORIZON_DELAY_MS after a hole is found, the first transaction id not yet assigned becomes its
 * horizon. Once every transaction below the horizon has ended (the snapshot's xmin reached it), a read that starts
 * after that and still does not find the row gives the hole up. A transaction held open for an hour keeps its hole
 * for that hour: nothing is assumed about how long transactions last.
 *
 * Why not a version per account that the trigger bumps and a replica compares (considered for issue 19): a replica
 * would have to read the version of every account it holds on each round (10,000 rows every 250 ms), or read the
 * accounts whose version passed a global counter, which commits out of order exactly as these ids do and needs the
 * same holes. The wake-ups (NOTIFY, the dashboard's Redis message) already make a round start at once.
 */
import {
  type ConfigChangeRow,
  latestConfigChangeId,
  readConfigChanges,
  type TransactionHorizon,
  transactionHorizon,
} from "../store/config-change.js";
import type { Db } from "../store/pool.js";

/** How long after finding a hole its horizon is taken: the writer has its transaction id by then. */
export const HORIZON_DELAY_MS = 1000;
/** Holes followed at most; past it the oldest are given up, and every account is reloaded once they settle. */
export const MAX_HOLES = 1000;
/** On start, the newest ids are read again: a gap among them may be a transaction that is still open. */
const START_LOOKBACK = 1000n;
const ROWS_PER_READ = 1000;

/** Ids written by transactions that may still be running. */
interface Pending {
  /** When the read that found them started. */
  seenAt: number;
  /** Every transaction that could write them has a transaction id below this (see the top of the file). */
  horizon?: bigint;
}

interface Hole extends Pending {
  from: bigint;
  to: bigint;
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
  /** The holes given up past MAX_HOLES, together: once their writers have ended, every account is reloaded. */
  private givenUp: Pending | undefined;

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
    this.givenUp = undefined;
  }

  async read(): Promise<FeedRead> {
    if (this.cursor === undefined) await this.start();
    const cursor = this.cursor ?? 0n;
    const startedAt = this.now();
    // Taken before the read: a transaction below its xmin has ended, so the read sees its row if it committed.
    const waiting = this.holes.length > 0 || this.givenUp !== undefined;
    const horizon = waiting ? await transactionHorizon(this.db) : undefined;
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
    let reloadAll = false;
    if (horizon) {
      this.holes = this.holes.filter((hole) => !settled(hole, horizon));
      reloadAll = this.givenUp !== undefined && settled(this.givenUp, horizon);
      if (reloadAll) this.givenUp = undefined;
      for (const hole of this.holes) takeHorizon(hole, horizon, startedAt);
      if (this.givenUp) takeHorizon(this.givenUp, horizon, startedAt);
    }
    this.bound(startedAt);
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
  private bound(startedAt: number): void {
    const excess = this.holes.length - MAX_HOLES;
    if (excess <= 0) return;
    this.holes.splice(0, excess);
    // Found by this read at the latest: a horizon taken from now on covers every one given up.
    this.givenUp = { seenAt: startedAt };
  }
}

/** Every transaction that could write these ids had ended when this round's read started. */
function settled(pending: Pending, now: TransactionHorizon): boolean {
  return pending.horizon !== undefined && now.xmin >= pending.horizon;
}

function takeHorizon(pending: Pending, now: TransactionHorizon, startedAt: number): void {
  if (pending.horizon === undefined && startedAt - pending.seenAt >= HORIZON_DELAY_MS)
    pending.horizon = now.xmax;
}
