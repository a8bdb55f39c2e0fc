// The authorization endpoint's last step, once the SDK's handler has checked the client, the redirect URI and
// PKCE (S256 only): the resource must be one Gatehouse OAuth URL (RFC 8707), then the request waits for the user's
// consent at /oauth/consent?request=… (single use, 10 minutes). Who the user is and whether they may consent is the
// consent page's business; an error here goes back to the client's redirect URI.
import { randomUUID } from "node:crypto";
import { parseOAuthResource } from "@gatehouse/db/oauth-tokens";
import { InvalidTargetError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthorizationParams } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import { findClientRow } from "./clients-store";
import { AUTHORIZATION_REQUEST_TTL_MS, OAUTH_SCOPE, type TOAuthDeps } from "./oauth-settings";
import { pruneExpiredSoon } from "./prune-expired";

export async function startAuthorization(
  deps: TOAuthDeps,
  clientId: string,
  params: AuthorizationParams,
): Promise<string> {
  if (!params.resource) {
    throw new InvalidTargetError("resource is required: the Gatehouse OAuth URL of the server to use");
  }
  const resource = params.resource.href;
  if (
    params.resource.search ||
    params.resource.hash ||
    !parseOAuthResource(deps.settings.gatewayPublicUrl, resource)
  ) {
    throw new InvalidTargetError(
      `${resource} is not a Gatehouse OAuth URL ({gateway}/{account}/{server}/oauth/mcp)`,
    );
  }
  const client = await findClientRow(deps.db, clientId);
  if (!client) throw new InvalidTargetError("Unknown client");
  pruneExpiredSoon(deps.db, deps.onHousekeepingError);
  const id = randomUUID();
  await deps.db.oAuthAuthorizationRequest.create({
    data: {
      id,
      clientId: client.id,
      redirectUri: params.redirectUri,
      codeChallenge: params.codeChallenge,
      state: params.state ?? null,
      scope: OAUTH_SCOPE,
      resource,
      expiresAt: new Date(Date.now() + AUTHORIZATION_REQUEST_TTL_MS),
    },
  });
  return `${deps.settings.issuer}/oauth/consent?request=${id}`;
}

/** The client's redirect URI with an authorization response's parameters, always with `iss` (RFC 9207). */
export function authorizationResponse(
  issuer: string,
  redirectUri: string,
  params: Record<string, string | null | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  url.searchParams.set("iss", issuer);
  return url.href;
}
