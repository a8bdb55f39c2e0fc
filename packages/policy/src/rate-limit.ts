/**
 * Rate-limit counting behind a small interface the gateway implements (memory here, Redis there).
 * Fixed windows are aligned to multiples of `window` since the epoch (DESIGN §4); the optional sliding
 * mode weights the previous fixed window by how much of it still overlaps. Only calls that are
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
  previous: number;
  windowMs: number;
}

export interface MemoryRateLimitCounterOptions {
  /** `fixed` (default, DESIGN §4) or `sliding`. */
  mode?: "fixed" | "sliding";
  /** Sweep expired counters every this many hits (default 1,000). */
  sweepEvery?: number;
}

export class MemoryRateLimitCounter implements RateLimitCounter {
  private readonly slots = new Map<string, Slot>();
  private readonly mode: "fixed" | "sliding";
  private readonly sweepEvery: number;
  private hits = 0;

  constructor(options: MemoryRateLimitCounterOptions = {}) {
    this.mode = options.mode ?? "fixed";
    this.sweepEvery = Math.max(1, options.sweepEvery ?? 1_000);
  }

  /** Counts a call synchronously; `hit` wraps it in a promise to fit the interface. */
  hitSync(key: string, spec: { max: number; window: number }, nowMs: number = Date.now()): RateLimitHit {
    if (++this.hits % this.sweepEvery === 0) this.sweep(nowMs);
    const windowMs = spec.window * 1000;
    const windowStart = Math.floor(nowMs / windowMs) * windowMs;
    let slot = this.slots.get(key);
    if (!slot || slot.windowMs !== windowMs) {
      slot = { windowStart, count: 0, previous: 0, windowMs };
      this.slots.set(key, slot);
    } else if (slot.windowStart !== windowStart) {
      slot.previous = slot.windowStart === windowStart - windowMs ? slot.count : 0;
      slot.windowStart = windowStart;
      slot.count = 0;
    }
    const windowEnd = windowStart + windowMs;
    if (this.mode === "fixed") {
      if (slot.count >= spec.max) {
        return {
          allowed: false,
          count: slot.count,
          retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - nowMs) / 1000)),
        };
      }
      slot.count++;
      return { allowed: true, count: slot.count, retryAfterSeconds: 0 };
    }
    const elapsed = nowMs - windowStart;
    const weight = 1 - elapsed / windowMs;
    const estimate = slot.previous * weight + slot.count;
    if (estimate + 1 > spec.max) {
      let waitMs: number;
      if (slot.count + 1 > spec.max || slot.previous === 0) waitMs = windowEnd - nowMs;
      else waitMs = windowMs * (1 - (spec.max - 1 - slot.count) / slot.previous) - elapsed;
      return {
        allowed: false,
        count: slot.count,
        retryAfterSeconds: Math.max(1, Math.ceil(Math.min(waitMs, windowEnd - nowMs) / 1000)),
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
