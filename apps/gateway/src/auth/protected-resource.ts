/**
 * A server's OAuth URL as an OAuth protected resource (RFC 9728, DESIGN §10): its metadata document, at the
 * path-aware well-known URL, and the `WWW-Authenticate` challenge that points to it. Both are answered for any
 * well-formed account and server slug, so neither tells whether the account or server exists.
 */
import { oauthResourceUrl } from "@gatehouse/db/oauth-tokens";

/** The one scope Gatehouse's authorization server grants: use of the MCP endpoint the token is bound to. */
export const OAUTH_SCOPE = "mcp";

export function resourceMetadataUrl(gatewayPublicUrl: string, account: string, server: string): string {
  const base = gatewayPublicUrl.replace(/\/+$/, "");
  return `${base}/.well-known/oauth-protected-resource/${account}/${server}/oauth/mcp`;
}

export function protectedResourceMetadata(
  gatewayPublicUrl: string,
  webPublicUrl: string,
  account: string,
  server: string,
): Record<string, unknown> {
  return {
    resource: oauthResourceUrl(gatewayPublicUrl, account, server),
    authorization_servers: [webPublicUrl],
    scopes_supported: [OAUTH_SCOPE],
    bearer_methods_supported: ["header"],
    resource_name: `Gatehouse: ${account}/${server}`,
  };
}

const quoted = (value: string) => value.replace(/["\\]/g, "");

/** RFC 6750 + RFC 9728 challenge: absolute `resource_metadata`, and `error` when a token was presented. */
export function oauthChallenge(
  gatewayPublicUrl: string,
  account: string,
  server: string,
  tokenError?: string,
): string {
  const parts = [`resource_metadata="${resourceMetadataUrl(gatewayPublicUrl, account, server)}"`];
  if (tokenError) parts.push('error="invalid_token"', `error_description="${quoted(tokenError)}"`);
  parts.push(`scope="${OAUTH_SCOPE}"`);
  return `Bearer ${parts.join(", ")}`;
}
