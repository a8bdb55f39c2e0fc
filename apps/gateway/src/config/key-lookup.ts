/**
 * A key hash the cached snapshot of its account does not hold may belong to a key created a moment ago, before
 * the change feed reached this replica. It is looked up once in the store (one indexed query): when the key is
 * there, the account is reloaded and the key works on its first call, on every replica. Bounded, because anyone
 * can present any key: each hash is looked up at most once a minute (a miss is remembered, in bounded memory),
 * and at most `perSecond` lookups a second per replica reach the store.
 */
import type { Db } from "../store/pool.js";
import { UnknownSlugs } from "./unknown-slugs.js";

const MISS_TTL_MS = 60_000;
const MAX_MISSES = 10_000;

export class KeyLookup {
  private readonly misses: UnknownSlugs;
  private readonly running = new Map<string, Promise<unknown>>();
  private windowStart = 0;
  private inWindow = 0;

  constructor(
    private readonly db: Db,
    private readonly perSecond = 20,
    private readonly now: () => number = Date.now,
  ) {
    this.misses = new UnknownSlugs(MAX_MISSES, MISS_TTL_MS, now);
  }

  /** True when the store has this live key for the account (so the account's snapshot is behind). */
  async exists(organizationId: string, keyHash: string): Promise<boolean> {
    const id = `${organizationId}:${keyHash}`;
    if (this.misses.has(id) || !this.take()) return false;
    const found = await this.db
      .query(
        `SELECT 1 FROM "AgentKey" WHERE "keyHash" = $1 AND "organizationId" = $2 AND "revokedAt" IS NULL LIMIT 1`,
        [keyHash, organizationId],
      )
      .then((result) => result.rows.length > 0)
      .catch(() => null); // store unreachable: the cached snapshot stays the answer, and nothing is remembered
    if (found === false) this.misses.add(id);
    return found === true;
  }

  /** Runs `reload` for the account once, however many requests found its key missing at the same time. */
  async once(organizationId: string, reload: () => Promise<unknown>): Promise<void> {
    const pending =
      this.running.get(organizationId) ?? reload().finally(() => this.running.delete(organizationId));
    this.running.set(organizationId, pending);
    await pending;
  }

  private take(): boolean {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (this.inWindow >= this.perSecond) return false;
    this.inWindow += 1;
    return true;
  }
}
