// The authorization server's metadata (RFC 8414), served at {WEB_PUBLIC_URL}/.well-known/oauth-authorization-server
// (and openid-configuration, for clients that only try that), and relayed by the gateway's origin.
import type { OAuthMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import { endpoint, OAUTH_SCOPE, type TOAuthSettings } from "./oauth-settings";

export function authorizationServerMetadata(
  settings: TOAuthSettings,
): OAuthMetadata & Record<string, unknown> {
  return {
    issuer: settings.issuer,
    authorization_endpoint: endpoint(settings, "authorize"),
    token_endpoint: endpoint(settings, "token"),
    registration_endpoint: endpoint(settings, "register"),
    revocation_endpoint: endpoint(settings, "revoke"),
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_post"],
    revocation_endpoint_auth_methods_supported: ["none", "client_secret_post"],
    scopes_supported: [OAUTH_SCOPE],
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: true,
  };
}
