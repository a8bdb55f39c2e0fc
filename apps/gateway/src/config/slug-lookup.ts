/**
 * Whether account slugs exist, asked of the database together: one query at a time, for every slug waiting, so that
 * a flood of made-up slugs (no key needed to ask) holds one pooled connection, not one per slug.
 */
import { existingAccountSlugs } from "../store/account.js";
import type { Db } from "../store/pool.js";

const SLUGS_PER_QUERY = 500;
/** Lookups waiting beyond this are refused (the caller answers 503) rather than queued without limit. */
const MAX_WAITING = 10_000;

export class LookupOverloadedError extends Error {
  constructor() {
    super("Too many account lookups waiting");
    this.name = "LookupOverloadedError";
  }
}

interface Waiting {
  slug: string;
  resolve(exists: boolean): void;
  reject(error: unknown): void;
}

export class SlugLookup {
  private queue: Waiting[] = [];
  private running = false;

  constructor(private readonly db: Db) {}

  /** Rejects with the database's error when it cannot be read, or LookupOverloadedError. */
  exists(slug: string): Promise<boolean> {
    if (this.queue.length >= MAX_WAITING) return Promise.reject(new LookupOverloadedError());
    const answer = new Promise<boolean>((resolve, reject) => this.queue.push({ slug, resolve, reject }));
    if (!this.running) void this.drain();
    return answer;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, SLUGS_PER_QUERY);
        try {
          const found = await existingAccountSlugs(
            this.db,
            batch.map((waiting) => waiting.slug),
          );
          for (const waiting of batch) waiting.resolve(found.has(waiting.slug));
        } catch (error: unknown) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
