// Gatehouse's authorization server as the MCP SDK's `OAuthServerProvider`: the SDK's handlers parse and check each
// request (client, redirect URI, PKCE S256, client authentication) and this provider does the rest from the
// database — pending consents, codes, grants, rotated refresh tokens, revocation.

import { verifyAccessToken } from "@gatehouse/db/oauth-tokens";
import { InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthServerProvider } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import { createClientsStore } from "./clients-store";
import { challengeForCode, exchangeAuthorizationCode } from "./exchange-authorization-code";
import { exchangeRefreshToken } from "./exchange-refresh-token";
import { accessTokenSigningKey } from "./grant-tokens";
import type { TOAuthDeps } from "./oauth-settings";
import { revokeToken } from "./revoke-token";
import { startAuthorization } from "./start-authorization";

export function createOAuthProvider(deps: TOAuthDeps): OAuthServerProvider {
  const clientsStore = createClientsStore(deps);
  return {
    clientsStore,
    async authorize(client, params, res) {
      res.redirect(302, await startAuthorization(deps, client.client_id, params));
    },
    challengeForAuthorizationCode: (client, code) => challengeForCode(deps, client.client_id, code),
    exchangeAuthorizationCode: (client, code, _verifier, redirectUri, resource) =>
      exchangeAuthorizationCode(deps, client.client_id, code, redirectUri, resource),
    exchangeRefreshToken: (client, refreshToken, _scopes, resource) =>
      exchangeRefreshToken(deps, client.client_id, refreshToken, resource),
    async verifyAccessToken(token) {
      const verified = await verifyAccessToken(accessTokenSigningKey(deps.settings.secretKey), token, {
        issuer: deps.settings.issuer,
      });
      if (!verified.ok) throw new InvalidTokenError("Invalid access token");
      return {
        token,
        clientId: verified.claims.clientId,
        scopes: ["mcp"],
        expiresAt: Math.floor(verified.expiresAt / 1000),
        resource: new URL(verified.claims.audience),
      };
    },
    revokeToken: (client, request) => revokeToken(deps, client.client_id, request.token),
  };
}
