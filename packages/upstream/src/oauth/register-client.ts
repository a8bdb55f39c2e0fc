/**
 * Registers Gatehouse as an OAuth client at an upstream's authorization server, in the order of preference of
 * DESIGN §10: its own client ID metadata document (where the server supports them and the document's URL is
 * https, as the specification requires of such a client id), dynamic client registration (RFC 7591, the MCP SDK's
 * `registerClient`), or a client id and secret an admin entered.
 */
import { registerClient } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import { UpstreamError } from "../errors.js";
import type { UpstreamOAuthDiscovery } from "./discover.js";
import { createOAuthFetch } from "./oauth-fetch.js";

export type UpstreamClientRegistration = "metadata_document" | "dynamic" | "manual";

export interface UpstreamOAuthClientInfo {
  registration: UpstreamClientRegistration;
  clientId: string;
  clientSecret?: string | undefined;
}

/** The client metadata Gatehouse describes itself with, in its document and in dynamic registrations. */
export function gatehouseClientMetadata(options: {
  clientMetadataUrl: string;
  redirectUri: string;
}): OAuthClientMetadata & {
  client_id: string;
} {
  return {
    client_id: options.clientMetadataUrl,
    client_name: "Gatehouse",
    client_uri: new URL(options.clientMetadataUrl).origin,
    redirect_uris: [options.redirectUri],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
}

export async function registerUpstreamClient(
  discovery: UpstreamOAuthDiscovery,
  options: {
    allowPrivate: boolean;
    clientMetadataUrl: string;
    redirectUri: string;
    manual?: { clientId: string; clientSecret?: string | undefined } | undefined;
  },
): Promise<UpstreamOAuthClientInfo> {
  if (options.manual) {
    return {
      registration: "manual",
      clientId: options.manual.clientId,
      clientSecret: options.manual.clientSecret,
    };
  }
  const metadata = discovery.metadata;
  const documentSupported = (metadata as { client_id_metadata_document_supported?: boolean })
    .client_id_metadata_document_supported;
  if (documentSupported === true && new URL(options.clientMetadataUrl).protocol === "https:") {
    return { registration: "metadata_document", clientId: options.clientMetadataUrl };
  }
  if (!metadata.registration_endpoint) {
    throw new UpstreamError(
      "oauth_registration",
      `The authorization server ${discovery.issuer} accepts neither client ID metadata documents nor dynamic client registration: enter the client ID (and secret) it issued for Gatehouse`,
    );
  }
  const { client_id: _documentUrl, ...clientMetadata } = gatehouseClientMetadata(options);
  try {
    const registered = await registerClient(discovery.issuer, {
      metadata,
      clientMetadata,
      ...(discovery.scope ? { scope: discovery.scope } : {}),
      fetchFn: createOAuthFetch({ allowPrivate: options.allowPrivate }),
    });
    return {
      registration: "dynamic",
      clientId: registered.client_id,
      clientSecret: registered.client_secret,
    };
  } catch (error: unknown) {
    if (error instanceof UpstreamError && error.code === "private_address") throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UpstreamError(
      "oauth_registration",
      `Dynamic client registration at ${discovery.issuer} failed: ${reason}`,
      { cause: error },
    );
  }
}
