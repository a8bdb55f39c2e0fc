/**
 * Per-account configuration cache. The first request for an account loads it; afterwards the request path reads
 * memory only. A poller follows the ConfigChange feed (every `pollMs`, and at once on NOTIFY) and reloads the
 * accounts that changed, so a publish, a revocation or a suspension is enforced within a second on every replica.
 * When the database is unreachable the last known snapshot stays in force. The feed is pruned to a day; a replica
 * cut off for hours reloads everything it holds when the store answers again. Unknown slugs are looked up together
 * and remembered briefly, in bounded memory.
 */
import type { Logger } from "../log.js";
import { pruneConfigChanges } from "../store/config-change.js";
import type { Db } from "../store/pool.js";
import { ChangeFeed } from "./change-feed.js";
import { KeyLookup, type NewCredential } from "./key-lookup.js";
import { ensureAnonymousAgent, loadAccount } from "./load-account.js";
import { LookupOverloadedError, SlugLookup } from "./slug-lookup.js";
import type { AccountSnapshot } from "./snapshot.js";
import { UnknownSlugs } from "./unknown-slugs.js";

/** How long an unknown account slug is remembered as unknown (so a flood of bad URLs does not hit the DB). */
const MISSING_TTL_MS = 1000;
/** How many unknown slugs are remembered at most. */
const MAX_UNKNOWN_SLUGS = 10_000;
/** The change feed keeps this many days; each replica prunes it once an hour, off the polling path. */
const FEED_RETENTION_DAYS = 1;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** A replica cut off this long may have missed pruned changes: it reloads all it holds (well inside retention). */
const RELOAD_ALL_AFTER_MS = 6 * 60 * 60 * 1000;

export type ReloadListener = (before: AccountSnapshot, after: AccountSnapshot) => void;

export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The configuration store is unreachable", { cause });
    this.name = "StoreUnavailableError";
  }
}

export interface AccountCacheOptions {
  maxUnknownSlugs?: number;
}

export class AccountCache {
  private readonly bySlug = new Map<string, AccountSnapshot>();
  private readonly slugById = new Map<string, string>();
  private readonly loading = new Map<string, Promise<AccountSnapshot | undefined>>();
  /** One set per load reading an account: the accounts the feed reported changed meanwhile. */
  private readonly changedDuringLoads = new Set<Set<string>>();
  private readonly unknown: UnknownSlugs;
  private readonly lookup: SlugLookup;
  private readonly feed: ChangeFeed;
  private readonly keyLookup: KeyLookup;
  private readonly listeners: ReloadListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** A wake-up came during a round: run another one at once (its change may have committed after our read). */
  private pollAgain = false;
  private pruneTimer: NodeJS.Timeout | undefined;
  /** Accounts whose change is read but not yet reloaded (a reload failed): retried every round until it works. */
  private readonly toReload = new Set<string>();
  /** Time of the last successful round trip to the store (0: never). */
  lastStoreOkAt = 0;
  storeHealthy = false;

  constructor(
    private readonly db: Db,
    private readonly secretKey: Buffer,
    private readonly log: Logger,
    private readonly pollMs: number,
    options: AccountCacheOptions = {},
  ) {
    this.unknown = new UnknownSlugs(options.maxUnknownSlugs ?? MAX_UNKNOWN_SLUGS, MISSING_TTL_MS);
    this.lookup = new SlugLookup(db);
    this.feed = new ChangeFeed(db);
    this.keyLookup = new KeyLookup(db);
  }

  onReload(listener: ReloadListener): void {
    this.listeners.push(listener);
  }

  /** Starts following the change feed. */
  async start(): Promise<void> {
    await this.feed
      .start()
      .then(() => this.markHealthy())
      .catch((error: unknown) => this.markUnhealthy(error));
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
    this.pruneTimer = setInterval(() => void this.pruneFeed(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.timer = undefined;
    this.pruneTimer = undefined;
  }

  /** How much the cache holds (for tests and metrics). */
  inspect(): { accounts: number; unknownSlugs: number; loading: number } {
    return { accounts: this.bySlug.size, unknownSlugs: this.unknown.size, loading: this.loading.size };
  }

  /** The cached snapshot, without waiting (undefined when cold or unknown). */
  peek(slug: string): AccountSnapshot | undefined {
    return this.bySlug.get(slug);
  }

  /** The account's snapshot; loads it on first use. Throws StoreUnavailableError when cold and the DB is down. */
  async get(slug: string): Promise<AccountSnapshot | undefined> {
    const snapshot = this.bySlug.get(slug);
    if (snapshot) return snapshot;
    if (this.unknown.has(slug)) return undefined;
    return this.loading.get(slug) ?? this.load(slug);
  }

  /** The snapshot once it holds a key or grant made a moment ago, if the store has it (key-lookup.ts). */
  async withNew(snapshot: AccountSnapshot, missing: NewCredential): Promise<AccountSnapshot> {
    const slug = this.slugById.get(snapshot.id);
    if (slug === undefined || !(await this.keyLookup.found(snapshot.id, missing))) return snapshot;
    await this.keyLookup.once(snapshot.id, () => this.reload(snapshot.id));
    return this.bySlug.get(slug) ?? snapshot;
  }

  private load(slug: string): Promise<AccountSnapshot | undefined> {
    const loading = this.loadOnce(slug).finally(() => this.loading.delete(slug));
    this.loading.set(slug, loading);
    return loading;
  }

  private async loadOnce(slug: string): Promise<AccountSnapshot | undefined> {
    if (!(await this.exists(slug))) {
      this.unknown.add(slug);
      return undefined;
    }
    // A change the feed reports while this load reads may have committed after the read: reload after it.
    const changed = new Set<string>();
    this.changedDuringLoads.add(changed);
    try {
      const snapshot = await this.fetch(slug);
      if (!snapshot) {
        this.unknown.add(slug);
        return undefined;
      }
      this.bySlug.set(slug, snapshot);
      this.slugById.set(snapshot.id, slug);
      if (changed.has(snapshot.id)) this.toReload.add(snapshot.id);
      return snapshot;
    } finally {
      this.changedDuringLoads.delete(changed);
    }
  }

  private async exists(slug: string): Promise<boolean> {
    try {
      return await this.lookup.exists(slug);
    } catch (error: unknown) {
      if (error instanceof LookupOverloadedError) throw error;
      this.markUnhealthy(error);
      throw new StoreUnavailableError(error);
    }
  }

  private async fetch(slug: string): Promise<AccountSnapshot | undefined> {
    let snapshot: AccountSnapshot | undefined;
    try {
      snapshot = await loadAccount(this.db, slug, this.secretKey, this.log);
      this.markHealthy();
    } catch (error: unknown) {
      this.markUnhealthy(error);
      throw new StoreUnavailableError(error);
    }
    const needsAnonymous = snapshot && !snapshot.anonymousAgentId && hasPublicServer(snapshot);
    if (snapshot && needsAnonymous) {
      await ensureAnonymousAgent(this.db, snapshot.id).catch((error: unknown) => this.markUnhealthy(error));
      snapshot =
        (await loadAccount(this.db, slug, this.secretKey, this.log).catch(() => snapshot)) ?? snapshot;
    }
    return snapshot;
  }

  /** Rounds of the change feed; public so tests and LISTEN wake-ups can trigger them. */
  async poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        await this.pollOnce();
      } while (this.pollAgain);
    } finally {
      this.polling = false;
    }
  }

  private async pollOnce(): Promise<void> {
    try {
      const cutOff = this.lastStoreOkAt > 0 && Date.now() - this.lastStoreOkAt > RELOAD_ALL_AFTER_MS;
      const { rows, reloadAll } = await this.feed.read();
      this.markHealthy();
      if (cutOff || reloadAll) {
        this.log.info(
          { accounts: this.slugById.size },
          "reloading every account: changes may have been missed",
        );
        for (const organizationId of this.slugById.keys()) this.toReload.add(organizationId);
      }
      if (rows.length > 0) this.unknown.clear();
      for (const row of rows) {
        this.toReload.add(row.organizationId);
        for (const changed of this.changedDuringLoads) changed.add(row.organizationId);
      }
      for (const organizationId of [...this.toReload]) {
        if (await this.reload(organizationId)) this.toReload.delete(organizationId);
      }
    } catch (error: unknown) {
      this.markUnhealthy(error);
    }
  }

  /** Deletes feed rows past the retention; public for tests. */
  async pruneFeed(): Promise<number> {
    try {
      return await pruneConfigChanges(this.db, FEED_RETENTION_DAYS);
    } catch (error: unknown) {
      this.log.debug(
        { err: error instanceof Error ? error.message : String(error) },
        "pruning the change feed failed",
      );
      return 0;
    }
  }

  /** Reloads one account if this replica holds it; false when the store could not be read (retry later). */
  private async reload(organizationId: string): Promise<boolean> {
    const slug = this.slugById.get(organizationId);
    const before = slug === undefined ? undefined : this.bySlug.get(slug);
    if (slug === undefined || !before) return true;
    let after: AccountSnapshot | undefined;
    try {
      after = await this.fetch(slug);
    } catch {
      return false; // store unreachable: keep enforcing the last known snapshot until a reload works
    }
    this.slugById.delete(organizationId);
    if (!after) {
      // The account was deleted or renamed: forget it (renamed slugs load afresh on their next request).
      this.bySlug.delete(slug);
      return true;
    }
    this.bySlug.set(slug, after);
    this.slugById.set(after.id, slug);
    for (const listener of this.listeners) {
      try {
        listener(before, after);
      } catch (error: unknown) {
        this.log.error({ err: error }, "reload listener failed");
      }
    }
    return true;
  }

  private markHealthy(): void {
    if (this.reportedDown) this.log.info("configuration store reachable again");
    this.reportedDown = false;
    this.storeHealthy = true;
    this.lastStoreOkAt = Date.now();
  }

  private reportedDown = false;

  /** The store's last answer was a failure (not merely: no answer yet). */
  get storeDown(): boolean {
    return this.reportedDown;
  }

  private markUnhealthy(error: unknown): void {
    if (!this.reportedDown) {
      this.reportedDown = true;
      this.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "configuration store unreachable",
      );
    }
    this.storeHealthy = false;
  }
}

function hasPublicServer(snapshot: AccountSnapshot): boolean {
  for (const server of snapshot.serversBySlug.values()) if (server.public) return true;
  return false;
}
