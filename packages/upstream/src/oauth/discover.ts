/**
 * OAuth discovery for an upstream MCP server (MCP authorization 2025-11-25): a probe that tells whether the server
 * asks for OAuth (401 with `WWW-Authenticate: Bearer resource_metadata=…`), then protected resource metadata
 * (RFC 9728) → authorization server metadata (RFC 8414, with the OpenID Connect fallback). The protocol work is the
 * MCP SDK's client auth module; every request goes through the guarded OAuth fetch.
 */
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  AuthorizationServerMetadata,
  OAuthProtectedResourceMetadata,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { checkResourceAllowed } from "@modelcontextprotocol/sdk/shared/auth-utils.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { UpstreamError } from "../errors.js";
import { createOAuthFetch } from "./oauth-fetch.js";

export interface UpstreamOAuthProbe {
  /** The server answered 401 with a Bearer challenge. */
  oauth: boolean;
  resourceMetadataUrl?: string | undefined;
  scope?: string | undefined;
}

export interface UpstreamOAuthDiscovery {
  /** The resource indicator (RFC 8707), as the protected resource metadata names it. */
  resource: string;
  resourceMetadataUrl: string | undefined;
  issuer: string;
  metadata: AuthorizationServerMetadata;
  scope: string | undefined;
}

function reasonOf(error: unknown): string {
  if (error && typeof error === "object" && "issues" in error) return "it is not valid metadata";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends an `initialize` to the server as an unauthenticated client would and reads the answer's challenge.
 * A server that cannot be reached is reported as not asking for OAuth: registering it still works, as before.
 */
export async function probeUpstreamAuth(
  url: string,
  options: { allowPrivate: boolean },
): Promise<UpstreamOAuthProbe> {
  const fetch = createOAuthFetch({ allowPrivate: options.allowPrivate, timeoutMs: 5000 });
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: "gatehouse-probe", version: "0.1.0" },
        },
      }),
    });
  } catch {
    return { oauth: false };
  }
  await response.body?.cancel().catch(() => undefined);
  const challenge = response.headers.get("www-authenticate") ?? "";
  if (response.status !== 401 || !/^\s*bearer\b/i.test(challenge)) return { oauth: false };
  const params = extractWWWAuthenticateParams(response);
  return { oauth: true, resourceMetadataUrl: params.resourceMetadataUrl?.href, scope: params.scope };
}

/** Discovers the server's authorization server; each problem is an UpstreamError("oauth_discovery") saying which. */
export async function discoverUpstreamOAuth(
  serverUrl: string,
  options: { allowPrivate: boolean; resourceMetadataUrl?: string | undefined; scope?: string | undefined },
): Promise<UpstreamOAuthDiscovery> {
  const fetchFn = createOAuthFetch({ allowPrivate: options.allowPrivate });
  let resourceMetadata: OAuthProtectedResourceMetadata;
  try {
    resourceMetadata = await discoverOAuthProtectedResourceMetadata(
      serverUrl,
      options.resourceMetadataUrl ? { resourceMetadataUrl: options.resourceMetadataUrl } : {},
      fetchFn,
    );
  } catch (error: unknown) {
    if (error instanceof UpstreamError && error.code === "private_address") throw error;
    throw new UpstreamError(
      "oauth_discovery",
      `Could not read the server's protected resource metadata (RFC 9728): ${reasonOf(error)}`,
      { cause: error },
    );
  }
  const resource = resourceMetadata.resource;
  if (!(await checkResourceAllowed({ requestedResource: serverUrl, configuredResource: resource }))) {
    throw new UpstreamError(
      "oauth_discovery",
      `The protected resource metadata is for ${resource}, not for this server's URL ${serverUrl}`,
    );
  }
  const issuer = resourceMetadata.authorization_servers?.[0];
  if (!issuer) {
    throw new UpstreamError(
      "oauth_discovery",
      "The protected resource metadata names no authorization server",
    );
  }
  let metadata: AuthorizationServerMetadata | undefined;
  try {
    metadata = await discoverAuthorizationServerMetadata(issuer, { fetchFn });
  } catch (error: unknown) {
    if (error instanceof UpstreamError && error.code === "private_address") {
      throw new UpstreamError("private_address", `The authorization server ${issuer}: ${error.message}`, {
        cause: error,
      });
    }
    throw new UpstreamError(
      "oauth_discovery",
      `Could not read the metadata of the authorization server ${issuer}: ${reasonOf(error)}`,
      { cause: error },
    );
  }
  if (!metadata) {
    throw new UpstreamError(
      "oauth_discovery",
      `The authorization server ${issuer} publishes no metadata (RFC 8414 or OpenID Connect discovery)`,
    );
  }
  if (metadata.issuer.replace(/\/+$/, "") !== issuer.replace(/\/+$/, "")) {
    throw new UpstreamError(
      "oauth_discovery",
      `The authorization server's metadata names the issuer ${metadata.issuer}, not ${issuer}`,
    );
  }
  if (!metadata.code_challenge_methods_supported?.includes("S256")) {
    throw new UpstreamError(
      "oauth_discovery",
      `The authorization server ${issuer} does not offer PKCE with S256, which MCP requires`,
    );
  }
  const scope = options.scope ?? resourceMetadata.scopes_supported?.join(" ");
  return {
    resource,
    resourceMetadataUrl: options.resourceMetadataUrl,
    issuer: metadata.issuer,
    metadata,
    scope: scope || undefined,
  };
}
