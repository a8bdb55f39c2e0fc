/**
 * Account slugs recently found not to exist, so that a client repeating a bad URL does not reach the database on
 * every request. Anyone may ask for any slug without a key, so it is bounded: at most `max` slugs, each for `ttlMs`.
 */
export class UnknownSlugs {
  /** slug → when it may be looked up again. One TTL for all, so insertion order is expiry order. */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.until.size;
  }

  has(slug: string): boolean {
    return (this.until.get(slug) ?? 0) > this.now();
  }

  add(slug: string): void {
    const now = this.now();
    this.until.delete(slug);
    for (const [oldest, until] of this.until) {
      if (until > now && this.until.size < this.max) break;
      this.until.delete(oldest);
    }
    this.until.set(slug, now + this.ttlMs);
  }

  /** Forgets them all (a change in the feed may have created one of them). */
  clear(): void {
    this.until.clear();
  }
}
