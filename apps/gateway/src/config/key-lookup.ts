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

/** A credential the cached snapshot lacks: an agent key (by hash) or an OAuth grant named by a signed token. */
export type NewCredential = { keyHash: string } | { grantId: string };

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

  /** True when the store has this live key or unrevoked grant for the account (its snapshot is behind). */
  found(organizationId: string, missing: NewCredential): Promise<boolean> {
    return "keyHash" in missing
      ? this.exists(organizationId, missing.keyHash)
      : this.grantExists(organizationId, missing.grantId);
  }

  /** True when the store has this live key for the account (so the account's snapshot is behind). */
  exists(organizationId: string, keyHash: string): Promise<boolean> {
    return this.lookup(
      `${organizationId}:${keyHash}`,
      `SELECT 1 FROM "AgentKey" WHERE "keyHash" = $1 AND "organizationId" = $2 AND "revokedAt" IS NULL LIMIT 1`,
      [keyHash, organizationId],
    );
  }

  /**
   * True when the store has this unrevoked OAuth grant for the account: the access token that names it was signed
   * by the dashboard a moment ago, right after the consent, and the change feed has not brought the grant here yet.
   */
  grantExists(organizationId: string, grantId: string): Promise<boolean> {
    return this.lookup(
      `${organizationId}:grant:${grantId}`,
      `SELECT 1 FROM "OAuthGrant" WHERE id = $1::uuid AND "organizationId" = $2::uuid AND "revokedAt" IS NULL LIMIT 1`,
      [grantId, organizationId],
    );
  }

  private async lookup(id: string, sql: string, params: string[]): Promise<boolean> {
    if (this.misses.has(id) || !this.take()) return false;
    const found = await this.db
      .query(sql, params)
      .then((result) => result.rows.length > 0)
      .catch(() => null); // store unreachable (or not an id): the cached snapshot stays the answer, nothing remembered
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
