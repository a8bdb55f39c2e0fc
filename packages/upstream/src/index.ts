/** @gatehouse/upstream: connecting to upstream MCP servers safely (SSRF guard, no redirects, stdio gate). */
export type { UpstreamConnectOptions, UpstreamTarget, UpstreamTransportKind } from "./connect.js";
export { connectMcpClient, createUpstreamTransport } from "./connect.js";
export type { UpstreamErrorCode } from "./errors.js";
export { isUpstreamError, UnansweredRequests, UpstreamError, upstreamSessionGone } from "./errors.js";
export type { FetchLike } from "./fetch.js";
export { createUpstreamFetch } from "./fetch.js";
export {
  answeredAsJson,
  InvalidJsonRpcMessage,
  isInitializedMessage,
  isInitializeMessage,
  isJsonRpcMessage,
  isRpcRequest,
  isRpcResponse,
  isRpcResult,
  parseJsonRpcMessage,
} from "./jsonrpc.js";
export { listAllTools } from "./list-tools.js";
export { MAX_MESSAGE_BYTES } from "./message-size.js";
export type { UpstreamOAuthClientConfig, UpstreamTokens } from "./oauth/authorization-flow.js";
export {
  beginUpstreamAuthorization,
  checkAuthorizationIssuer,
  exchangeUpstreamCode,
  refreshUpstreamTokens,
} from "./oauth/authorization-flow.js";
export type {
  ConnectionTokenOptions,
  ConnectionTokenStore,
  StoredConnection,
} from "./oauth/connection-tokens.js";
export {
  authorizationExpired,
  authorizationRequired,
  connectionAuthorization,
  currentAccessToken,
} from "./oauth/connection-tokens.js";
export type { UpstreamOAuthDiscovery, UpstreamOAuthProbe } from "./oauth/discover.js";
export { discoverUpstreamOAuth, probeUpstreamAuth } from "./oauth/discover.js";
export { createOAuthFetch } from "./oauth/oauth-fetch.js";
export type { UpstreamClientRegistration, UpstreamOAuthClientInfo } from "./oauth/register-client.js";
export { gatehouseClientMetadata, registerUpstreamClient } from "./oauth/register-client.js";
export type { UpstreamAuthorization } from "./oauth/upstream-authorization.js";
export { authorizedFetch } from "./oauth/upstream-authorization.js";
export { assertUpstreamAllowed, isPrivateAddress, parseUpstreamUrl } from "./ssrf.js";
export { storedHeaderProblem } from "./stored-headers.js";
export { StreamableClientTransport } from "./streamable-client.js";
