// The running app's authorization server dependencies, from the validated environment (built once).
import { env } from "@/env";
import { db, getSecretKey } from "../db";
import { logger } from "../logger";
import type { TOAuthDeps } from "./oauth-settings";

let deps: TOAuthDeps | undefined;

export function oauthDeps(): TOAuthDeps {
  deps ??= {
    db,
    settings: {
      issuer: env.webPublicUrl,
      gatewayPublicUrl: env.gatewayPublicUrl,
      secretKey: getSecretKey(),
      allowPrivateAddresses: env.allowPrivateUpstreams,
    },
    onHousekeepingError: (error) =>
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "oauth housekeeping failed",
      ),
  };
  return deps;
}
