// Where Gatehouse's upstream OAuth lives on the dashboard: the callback and the client ID metadata document.
import type { TSettings } from "../context";

export function oauthCallbackUrl(settings: Pick<TSettings, "webPublicUrl">): string {
  return `${settings.webPublicUrl}/oauth/callback`;
}

export function clientMetadataUrl(settings: Pick<TSettings, "webPublicUrl">): string {
  return `${settings.webPublicUrl}/oauth/client-metadata.json`;
}

/** The sign-in at the upstream expires if the person does not come back within this time. */
export const AUTH_STATE_TTL_MS = 10 * 60 * 1000;
