/**
 * The gateway's side of the Redis wake-up (@gatehouse/db/gateway-wakeup): a subscriber connection on the channel
 * the dashboard publishes to after each change, so that a policy publish or an approval decision takes effect on
 * every replica at once, also where Postgres NOTIFY does not reach (the embedded database, a pooler). ioredis
 * reconnects and subscribes again by itself; until then the polls do the work.
 */
import { gatewayWakeupChannel } from "@gatehouse/db/gateway-wakeup";
import { Redis } from "ioredis";
import type { Logger } from "../log.js";

export class RedisWakeups {
  private readonly redis: Redis;
  private readonly channel: string;

  constructor(url: string, keyPrefix: string, onWake: () => void, log: Logger) {
    this.channel = gatewayWakeupChannel(keyPrefix);
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
    this.redis.on("error", (error: Error) =>
      log.debug({ err: error.message }, "Redis wake-ups unavailable for now"),
    );
    this.redis.on("message", (channel: string) => {
      if (channel === this.channel) onWake();
    });
  }

  start(): void {
    void this.redis.subscribe(this.channel).catch(() => undefined); // retried on reconnect (autoResubscribe)
  }

  async stop(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
