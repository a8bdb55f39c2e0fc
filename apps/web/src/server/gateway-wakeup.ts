// Wakes the gateways after a change made through the dashboard or the API, where REDIS_URL is set: one publish on
// the channel of @gatehouse/db/gateway-wakeup, and every replica reads its change feed and its held approvals at
// once. Called by withAccount and withApiAccount once a handler has returned (its transactions have committed), so
// no operation has to remember it. Never fails the request: without Redis the gateways' polls still do the work.
import { gatewayWakeupChannel } from "@gatehouse/db/gateway-wakeup";
import { Redis } from "ioredis";
import { env } from "@/env";
import { logger } from "./logger";

const store = globalThis as unknown as { gatehouseWakeupPublisher?: Redis };

export function wakeGateways(): void {
  if (!env.REDIS_URL) return;
  store.gatehouseWakeupPublisher ??= new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 }).on(
    "error",
    () => undefined,
  );
  store.gatehouseWakeupPublisher
    .publish(gatewayWakeupChannel(env.REDIS_KEY_PREFIX), "")
    .catch((error: unknown) =>
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "gateway wake-up not sent",
      ),
    );
}
