/**
 * Shared state in Redis (REDIS_URL): session records as JSON strings with a TTL, the tasks of each session as a set
 * with the same TTL, and fixed-window rate-limit counters updated atomically by a Lua script (a refused hit does not
 * count), so several gateway replicas act as one.
 */
import type { RateLimitCounter, RateLimitHit } from "@gatehouse/policy";
import { Redis } from "ioredis";
import type { SessionRecord, SharedState } from "./shared-state.js";

// KEYS[1] counter key; ARGV: max, window ms, now ms. Returns {allowed, count, retryAfterMs}.
const HIT_SCRIPT = `
local windowMs = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local windowStart = math.floor(now / windowMs) * windowMs
local key = KEYS[1] .. ':' .. windowStart
local count = tonumber(redis.call('GET', key) or '0')
if count >= tonumber(ARGV[1]) then
  return {0, count, windowStart + windowMs - now}
end
count = redis.call('INCR', key)
redis.call('PEXPIRE', key, windowMs * 2)
return {1, count, 0}
`;

class RedisRateLimitCounter implements RateLimitCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, spec: { max: number; window: number }, nowMs = Date.now()): Promise<RateLimitHit> {
    const result = (await this.redis.eval(
      HIT_SCRIPT,
      1,
      `${this.prefix}${key}`,
      spec.max,
      spec.window * 1000,
      nowMs,
    )) as [number, number, number];
    const [allowed, count, retryAfterMs] = result;
    return {
      allowed: allowed === 1,
      count,
      retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryAfterMs / 1000)),
    };
  }
}

export class RedisState implements SharedState {
  readonly kind = "redis" as const;
  readonly rateLimits: RateLimitCounter;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.redis.on("error", () => undefined); // reported through failing operations; ioredis reconnects by itself
    this.rateLimits = new RedisRateLimitCounter(this.redis, prefix);
  }

  async putSession(record: SessionRecord, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}session:${record.id}`, JSON.stringify(record), "EX", ttlSeconds);
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    const raw = await this.redis.get(`${this.prefix}session:${id}`);
    return raw ? (JSON.parse(raw) as SessionRecord) : undefined;
  }

  async deleteSession(id: string): Promise<void> {
    await this.redis.del(`${this.prefix}session:${id}`, this.tasksKey(id));
  }

  async addSessionTask(sessionId: string, taskId: string, ttlSeconds: number): Promise<void> {
    const key = this.tasksKey(sessionId);
    const results = await this.redis.multi().sadd(key, taskId).expire(key, ttlSeconds).exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error("the task was not recorded");
  }

  async sessionTasks(sessionId: string): Promise<string[]> {
    return this.redis.smembers(this.tasksKey(sessionId));
  }

  private tasksKey(sessionId: string): string {
    return `${this.prefix}session-tasks:${sessionId}`;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
