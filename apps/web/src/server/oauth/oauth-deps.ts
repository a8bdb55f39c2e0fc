// The running app's authorization server dependencies, from the validated environment (built once).
import { env } from "@/env";
import { db, getSecretKey } from "../db";
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
  };
  return deps;
}
