// What Gatehouse's OAuth authorization server needs from the environment (DESIGN §10), passed to every operation so
// that tests control it; `oauthSettings()` builds it from the validated env for the running app.
import type { DbClient } from "@gatehouse/db";

export interface TOAuthSettings {
  /** WEB_PUBLIC_URL: the issuer (an origin, no path). */
  issuer: string;
  /** GATEWAY_PUBLIC_URL: resources are `{gateway}/{account}/{server}/oauth/mcp`. */
  gatewayPublicUrl: string;
  /** GATEHOUSE_SECRET_KEY: encrypts client secrets; access tokens are signed under a key derived from it. */
  secretKey: Buffer;
  /** Client ID metadata documents may be on private addresses (GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS). */
  allowPrivateAddresses: boolean;
}

export interface TOAuthDeps {
  db: DbClient;
  settings: TOAuthSettings;
  /** Where housekeeping failures go (the app logs them). */
  onHousekeepingError?: (error: unknown) => void;
}

/** Lifetimes (DESIGN §10): codes are single use and short; pending consents expire; refresh tokens rotate. */
export const AUTHORIZATION_CODE_TTL_MS = 60_000;
export const AUTHORIZATION_REQUEST_TTL_MS = 10 * 60_000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600_000;
export const OAUTH_SCOPE = "mcp";

export const endpoint = (settings: TOAuthSettings, name: string) => `${settings.issuer}/oauth/${name}`;
