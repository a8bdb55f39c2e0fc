// The dashboard's sign-in throttle, made once: Redis-backed when REDIS_URL is set.
import { Redis } from "ioredis";
import { env } from "@/env";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle";

const store = globalThis as unknown as { gatehouseSignInThrottle?: SignInThrottle };

export function signInThrottle(): SignInThrottle {
  store.gatehouseSignInThrottle ??= createSignInThrottle(
    env.REDIS_URL
      ? {
          redis: new Redis(env.REDIS_URL, {
            maxRetriesPerRequest: 1,
            enableOfflineQueue: false,
            lazyConnect: false,
          }),
        }
      : {},
  );
  return store.gatehouseSignInThrottle;
}
