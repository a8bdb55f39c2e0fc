/**
 * The authorization code flow with an upstream's authorization server: the authorization URL (PKCE S256, `state`,
 * `resource`, `scope`), the code exchange, and refreshing. The MCP SDK's client auth module does the protocol work;
 * this module adds the guarded fetch, the RFC 9207 `iss` check and messages a person can act on.
 */
import {
  exchangeAuthorization,
  refreshAuthorization,
  startAuthorization,
} from "@modelcontextprotocol/sdk/client/auth.js";
import {
  OAuthError,
  ServerError,
  TemporarilyUnavailableError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthorizationServerMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { UpstreamError } from "../errors.js";
import { createOAuthFetch } from "./oauth-fetch.js";

/** What the flow needs to know of a server's registration (stored with the server). */
export interface UpstreamOAuthClientConfig {
  issuer: string;
  metadata: AuthorizationServerMetadata;
  resource: string;
  scope?: string | undefined;
  clientId: string;
  clientSecret?: string | undefined;
}

export interface UpstreamTokens {
  accessToken: string;
  /** Undefined when the server issued none (the connection then lasts as long as the access token). */
  refreshToken: string | undefined;
  /** Undefined when the server did not say (`expires_in` missing): refreshed only when the upstream refuses it. */
  expiresAt: Date | undefined;
  scopes: string[];
}

function clientInformation(client: UpstreamOAuthClientConfig) {
  return {
    client_id: client.clientId,
    ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
  };
}

function tokensOf(
  tokens: OAuthTokens,
  previous?: { refreshToken?: string | undefined; scopes?: string[] },
): UpstreamTokens {
  if (tokens.token_type.toLowerCase() !== "bearer") {
    throw new UpstreamError(
      "oauth_token",
      `The authorization server issued a ${tokens.token_type} token, not a Bearer token`,
    );
  }
  const expiresIn =
    typeof tokens.expires_in === "number" && tokens.expires_in > 0 ? tokens.expires_in : undefined;
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    expiresAt: expiresIn === undefined ? undefined : new Date(Date.now() + expiresIn * 1000),
    scopes: tokens.scope ? tokens.scope.split(" ").filter(Boolean) : (previous?.scopes ?? []),
  };
}

/**
 * `oauth_token`: the authorization server refused (an OAuth error such as invalid_grant, or an answer that is no
 * token response) — retrying will not help. Anything else (unreachable, timed out, a 5xx) is `connect_failed`.
 */
function oauthFailure(what: string, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof ServerError || error instanceof TemporarilyUnavailableError) {
    return new UpstreamError(
      "connect_failed",
      `${what}: the authorization server failed (${error.message})`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof OAuthError) {
    const detail = error.message ? ` (${error.message})` : "";
    return new UpstreamError("oauth_token", `${what}: ${error.errorCode}${detail}`, { cause: error });
  }
  if (error && typeof error === "object" && "issues" in error) {
    return new UpstreamError(
      "oauth_token",
      `${what}: the authorization server's answer is not a valid token response`,
      {
        cause: error,
      },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new UpstreamError("oauth_token", `${what}: ${reason}`, { cause: error });
}

/** The URL to send the person to, and the PKCE verifier to keep (encrypted) until the callback. */
export async function beginUpstreamAuthorization(
  client: UpstreamOAuthClientConfig,
  options: { redirectUri: string; state: string },
): Promise<{ authorizationUrl: string; codeVerifier: string }> {
  const { authorizationUrl, codeVerifier } = await startAuthorization(client.issuer, {
    metadata: client.metadata,
    clientInformation: clientInformation(client),
    redirectUrl: options.redirectUri,
    state: options.state,
    resource: client.resource,
    ...(client.scope ? { scope: client.scope } : {}),
  });
  return { authorizationUrl: authorizationUrl.href, codeVerifier };
}

/**
 * Checks the authorization response's `iss` (RFC 9207): when the server names itself it must be the issuer the
 * flow started with (a mix-up attack otherwise); servers that advertise support must send it.
 */
export function checkAuthorizationIssuer(client: UpstreamOAuthClientConfig, iss: string | null): void {
  const supported = (client.metadata as { authorization_response_iss_parameter_supported?: boolean })
    .authorization_response_iss_parameter_supported;
  if (iss === null) {
    if (supported)
      throw new UpstreamError("oauth_token", "The authorization response is missing its iss parameter");
    return;
  }
  if (iss.replace(/\/+$/, "") !== client.issuer.replace(/\/+$/, "")) {
    throw new UpstreamError(
      "oauth_token",
      `The authorization response came from ${iss}, not from ${client.issuer}`,
    );
  }
}

export async function exchangeUpstreamCode(
  client: UpstreamOAuthClientConfig,
  options: { code: string; codeVerifier: string; redirectUri: string; allowPrivate: boolean },
): Promise<UpstreamTokens> {
  try {
    const tokens = await exchangeAuthorization(client.issuer, {
      metadata: client.metadata,
      clientInformation: clientInformation(client),
      authorizationCode: options.code,
      codeVerifier: options.codeVerifier,
      redirectUri: options.redirectUri,
      resource: client.resource,
      fetchFn: createOAuthFetch({ allowPrivate: options.allowPrivate }),
    });
    return tokensOf(tokens);
  } catch (error: unknown) {
    throw oauthFailure("The authorization server refused the sign-in", error);
  }
}

/** Refreshes; a rotated refresh token replaces the old one, a missing one keeps it (the SDK's rule). */
export async function refreshUpstreamTokens(
  client: UpstreamOAuthClientConfig,
  options: { refreshToken: string; scopes: string[]; allowPrivate: boolean },
): Promise<UpstreamTokens> {
  try {
    const tokens = await refreshAuthorization(client.issuer, {
      metadata: client.metadata,
      clientInformation: clientInformation(client),
      refreshToken: options.refreshToken,
      resource: client.resource,
      fetchFn: createOAuthFetch({ allowPrivate: options.allowPrivate }),
    });
    return tokensOf(tokens, { refreshToken: options.refreshToken, scopes: options.scopes });
  } catch (error: unknown) {
    throw oauthFailure("Refreshing the upstream authorization failed", error);
  }
}
