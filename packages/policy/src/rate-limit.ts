/**
 * Rate-limit counting behind a small interface the gateway implements (memory here, Redis there).
 * Fixed windows are aligned to multiples of `window` since the epoch (DESIGN §4). Only calls that are
 * forwarded upstream should be counted, so a refused hit does not increment.
 */
import type { RateLimitSpec } from "./decision";

export interface RateLimitHit {
  allowed: boolean;
  /** Calls counted in the current window, including this one when allowed. */
  count: number;
  /** Whole seconds until a call would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimitCounter {
  hit(key: string, spec: { max: number; window: number }, nowMs?: number): Promise<RateLimitHit>;
}

/** Who is calling, for the scope part of a counter key. */
export interface RateLimitSubject {
  accountId: string;
  agentId: string;
  sessionId: string;
}

/**
 * The counter key for a decision's rate limit: one counter per account, policy entry and scope key.
 * `policyId` keeps two policies' entries with the same pointer apart.
 */
export function rateLimitCounterKey(spec: RateLimitSpec, subject: RateLimitSubject, policyId = ""): string {
  const scoped =
    spec.scope === "account"
      ? "account"
      : spec.scope === "agent"
        ? `agent:${subject.agentId}`
        : `session:${subject.sessionId}`;
  return `rl:${subject.accountId}:${policyId}:${spec.key}:${spec.window}:${spec.max}:${scoped}`;
}

interface Slot {
  windowStart: number;
  count: number;
  windowMs: number;
}

export interface MemoryRateLimitCounterOptions {
  /** Sweep expired counters every this many hits (default 1,000). */
  sweepEvery?: number;
}

export class MemoryRateLimitCounter implements RateLimitCounter {
  private readonly slots = new Map<string, Slot>();
  private readonly sweepEvery: number;
  private hits = 0;

  constructor(options: MemoryRateLimitCounterOptions = {}) {
    this.sweepEvery = Math.max(1, options.sweepEvery ?? 1_000);
  }

  /** Counts a call synchronously; `hit` wraps it in a promise to fit the interface. */
  hitSync(key: string, spec: { max: number; window: number }, nowMs: number = Date.now()): RateLimitHit {
    if (++this.hits % this.sweepEvery === 0) this.sweep(nowMs);
    const windowMs = spec.window * 1000;
    const windowStart = Math.floor(nowMs / windowMs) * windowMs;
    let slot = this.slots.get(key);
    if (!slot || slot.windowMs !== windowMs) {
      slot = { windowStart, count: 0, windowMs };
      this.slots.set(key, slot);
    } else if (slot.windowStart !== windowStart) {
      slot.windowStart = windowStart;
      slot.count = 0;
    }
    if (slot.count >= spec.max) {
      const windowEnd = windowStart + windowMs;
      return {
        allowed: false,
        count: slot.count,
        retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - nowMs) / 1000)),
      };
    }
    slot.count++;
    return { allowed: true, count: slot.count, retryAfterSeconds: 0 };
  }

  hit(key: string, spec: { max: number; window: number }, nowMs?: number): Promise<RateLimitHit> {
    return Promise.resolve(this.hitSync(key, spec, nowMs));
  }

  /** Drops counters whose windows can no longer affect a decision. */
  sweep(nowMs: number = Date.now()): void {
    for (const [key, slot] of this.slots) {
      if (slot.windowStart + 2 * slot.windowMs <= nowMs) this.slots.delete(key);
    }
  }

  /** Live counters (for tests and metrics). */
  get size(): number {
    return this.slots.size;
  }

  clear(): void {
    this.slots.clear();
  }
}
