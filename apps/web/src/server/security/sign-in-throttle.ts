// Failed sign-ins are limited per email and per client address (rate-limiter-flexible; shared through Redis when
// REDIS_URL is set, so every dashboard replica counts the same failures, with an in-memory limiter standing in
// while Redis is unreachable). Unknown emails count like known ones, so the answer never says which exist.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface TThrottleLimits {
  /** Failures allowed per email (or per user for second-factor codes) within `windowSeconds`. */
  perEmail: number;
  /** Failures allowed per client address within `windowSeconds`. */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_LIMITS: TThrottleLimits = { perEmail: 5, perAddress: 30, windowSeconds: 900 };

export interface TThrottleKeys {
  /** The email typed (any case), or `user:<id>` for a second-factor step. */
  subject: string;
  address: string;
}

export interface SignInThrottle {
  /** Seconds to wait when either limit is spent, else null. */
  blocked(keys: TThrottleKeys): Promise<number | null>;
  /** Counts a failure; returns the seconds to wait when this failure spent a limit. */
  fail(keys: TThrottleKeys): Promise<number | null>;
  /** A success clears the subject's failures (not the address's). */
  succeed(keys: TThrottleKeys): Promise<void>;
}

function limiter(name: string, points: number, windowSeconds: number, redis?: Redis, prefix = "gatehouse:") {
  const options = { keyPrefix: `${prefix}web:${name}`, points, duration: windowSeconds };
  const memory = new RateLimiterMemory(options);
  if (!redis) return memory;
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory });
}

const digest = (value: string) => createHash("sha256").update(value.trim().toLowerCase()).digest("hex");

export function createSignInThrottle(
  options: { redis?: Redis; prefix?: string; limits?: TThrottleLimits } = {},
): SignInThrottle {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const bySubject = limiter(
    "signin-subject",
    limits.perEmail,
    limits.windowSeconds,
    options.redis,
    options.prefix,
  );
  const byAddress = limiter(
    "signin-address",
    limits.perAddress,
    limits.windowSeconds,
    options.redis,
    options.prefix,
  );
  const pairs = (keys: TThrottleKeys) =>
    [
      [bySubject, digest(keys.subject), limits.perEmail],
      [byAddress, keys.address, limits.perAddress],
    ] as const;
  return {
    async blocked(keys) {
      let wait = 0;
      for (const [rateLimiter, key, points] of pairs(keys)) {
        const state = await rateLimiter.get(key);
        if (state && state.consumedPoints >= points) wait = Math.max(wait, state.msBeforeNext);
      }
      return wait > 0 ? Math.ceil(wait / 1000) : null;
    },
    async fail(keys) {
      let wait = 0;
      for (const [rateLimiter, key, points] of pairs(keys)) {
        try {
          const state = await rateLimiter.consume(key);
          if (state.consumedPoints >= points) wait = Math.max(wait, state.msBeforeNext);
        } catch (error: unknown) {
          if (!(error instanceof RateLimiterRes)) throw error;
          wait = Math.max(wait, error.msBeforeNext);
        }
      }
      return wait > 0 ? Math.ceil(wait / 1000) : null;
    },
    async succeed(keys) {
      await bySubject.delete(digest(keys.subject));
    },
  };
}

export function tooManyAttempts(seconds: number): string {
  return `Too many attempts. Try again in ${seconds} s.`;
}
