/**
 * Agent keys' and OAuth grants' last use, for the dashboard: noted in memory on each accepted request and written in
 * one statement each every `everyMs` off the request path (their lastUsedAt does not wake the config feed).
 */
import type { Logger } from "../log.js";
import { touchAgentKeys, touchOAuthGrants } from "../store/agent-key.js";
import type { Db } from "../store/pool.js";

export class KeyUsage {
  private used = new Set<string>();
  private grants = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    everyMs = 30_000,
  ) {
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  note(keyId: string): void {
    this.used.add(keyId);
  }

  noteGrant(grantId: string): void {
    this.grants.add(grantId);
  }

  async flush(): Promise<void> {
    await this.flushGrants();
    if (this.used.size === 0) return;
    const ids = [...this.used];
    this.used = new Set();
    try {
      await touchAgentKeys(this.db, ids, new Date());
    } catch (error: unknown) {
      for (const id of ids) this.used.add(id);
      this.log.debug(
        { err: error instanceof Error ? error.message : String(error) },
        "key last-use update failed",
      );
    }
  }

  private async flushGrants(): Promise<void> {
    if (this.grants.size === 0) return;
    const ids = [...this.grants];
    this.grants = new Set();
    try {
      await touchOAuthGrants(this.db, ids, new Date());
    } catch (error: unknown) {
      for (const id of ids) this.grants.add(id);
      this.log.debug(
        { err: error instanceof Error ? error.message : String(error) },
        "grant last-use update failed",
      );
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
