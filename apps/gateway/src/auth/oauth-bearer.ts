/**
 * OAuth access tokens on a server's OAuth URL (DESIGN §10): a JWT signed by the dashboard, checked here without a
 * database round trip — signature, issuer, expiry and audience (exactly this URL's resource, so a token for server A
 * is refused on server B) — then against the account cache: the grant it names must still be unrevoked and the
 * agent present (both reloaded within a second of any change on every replica).
 */
import { oauthResourceUrl, verifyAccessToken } from "@gatehouse/db/oauth-tokens";
import type { AccountSnapshot, AgentSnapshot, GrantSnapshot, ServerSnapshot } from "../config/snapshot.js";

export interface OAuthSettings {
  /** The access-token key (derived from GATEHOUSE_SECRET_KEY). */
  key: Uint8Array;
  /** WEB_PUBLIC_URL: the only issuer accepted. */
  issuer: string;
  /** GATEWAY_PUBLIC_URL: the base of every resource. */
  gatewayPublicUrl: string;
}

export type OAuthCheck =
  | { ok: true; agent: AgentSnapshot; grant: GrantSnapshot }
  | {
      ok: false;
      error: "invalid_token";
      description: string;
      /** A well-signed token whose grant or agent this replica's snapshot lacks: it may be a moment old. */
      unknownGrant?: string;
    };

/** A JWT has three base64url parts; an agent key never looks like one. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

export async function checkAccessToken(
  settings: OAuthSettings,
  account: AccountSnapshot,
  server: ServerSnapshot,
  token: string,
): Promise<OAuthCheck> {
  const audience = oauthResourceUrl(settings.gatewayPublicUrl, account.slug, server.slug);
  const verified = await verifyAccessToken(settings.key, token, { issuer: settings.issuer, audience });
  if (!verified.ok) {
    return {
      ok: false,
      error: "invalid_token",
      description:
        verified.reason === "expired" ? "The access token expired" : "The access token is not valid here",
    };
  }
  const { claims } = verified;
  const grant = account.grants.get(claims.grantId);
  const agent = account.agents.get(claims.agentId);
  if (
    claims.organizationId !== account.id ||
    !grant ||
    grant.agentId !== claims.agentId ||
    grant.serverId !== server.id ||
    !agent
  ) {
    return {
      ok: false,
      error: "invalid_token",
      description: "The access token was revoked",
      ...(claims.organizationId === account.id && (!grant || !agent) ? { unknownGrant: claims.grantId } : {}),
    };
  }
  return { ok: true, agent, grant };
}
