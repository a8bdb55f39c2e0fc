/**
 * Every answer the gateway gives itself, in one table: HTTP status (for answers to an HTTP request), JSON-RPC code
 * and text. The router, the MCP endpoint, the transport, the relay and the call handler all answer from here, so an
 * answer is written once and every path that gives it gives the same one. Codes are the MCP SDK's `ErrorCode` where
 * it has one; the others are the numbers the SDK's own transports and the MCP spec use, named here.
 */
import {
  DECISION_META_KEY,
  type DecisionMeta,
  REFUSED_TASK_ERROR_CODE,
  UNKNOWN_TOOL_ERROR_CODE,
  unknownToolMessage,
} from "@gatehouse/policy";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";

/** JSON-RPC codes the SDK's ErrorCode has no name for (its transports write them as bare numbers). */
export const GatewayErrorCode = {
  /** JSON-RPC's implementation-defined server error: the SDK's transports answer HTTP-level refusals with it. */
  BadRequest: -32000,
  /** The SDK's transports answer an unknown session with it; the gateway's 401 uses it too. */
  SessionNotFound: -32001,
  Unauthorized: -32001,
  /** Access refused to a known caller (403), and a refused task-augmented call (see @gatehouse/policy). */
  Forbidden: -32003,
  /** 2026-07-28: `Mcp-Method`, `Mcp-Name` or `MCP-Protocol-Version` disagrees with the body (the v2 SDK's own number, which it does not export). */
  HeaderMismatch: -32020,
  /** 2026-07-28: a protocol revision the server does not serve (the v2 SDK's `ProtocolErrorCode.UnsupportedProtocolVersion`). */
  UnsupportedProtocolVersion: -32022,
} as const;

/** An answer to an HTTP request: its status, extra headers, and the JSON-RPC error of its body. */
export interface HttpAnswer {
  status: number;
  code: number;
  message: string;
  headers?: Readonly<Record<string, string>>;
}

/** An answer inside a session: a JSON-RPC error for one request. */
export interface RpcAnswer {
  code: number;
  message: string;
  data?: unknown;
}

function http(
  status: number,
  code: number,
  message: string,
  headers?: Readonly<Record<string, string>>,
): HttpAnswer {
  return headers ? { status, code, message, headers } : { status, code, message };
}

const { BadRequest, SessionNotFound, Unauthorized, Forbidden } = GatewayErrorCode;

/** Answers to HTTP requests (router, endpoint, transport). */
export const HTTP_ANSWERS = {
  /** The one answer for every credential or routing problem that must not reveal what exists (DESIGN §5). */
  unauthorized: http(401, Unauthorized, "Unauthorized: a valid agent key is required", {
    "www-authenticate": 'Bearer realm="gatehouse"',
  }),
  /**
   * `unauthorized` as the key URL sends it: the text names the header to send and the server's OAuth URL, built from
   * the requested path alone (so it is the same whether the account or server exists). The challenge stays the plain
   * realm: the key URL advertises no OAuth discovery (no `resource_metadata`), see DESIGN §5.
   */
  keyUnauthorized: (oauthUrl: string) =>
    http(
      401,
      Unauthorized,
      `Unauthorized: send an agent key as the header "Authorization: Bearer gate_ak_…", or sign in with OAuth at ${oauthUrl}`,
      { "www-authenticate": 'Bearer realm="gatehouse"' },
    ),
  /** The OAuth URL's `unauthorized`: the challenge points to its protected resource metadata (DESIGN §10). */
  oauthUnauthorized: (challenge: string) =>
    http(401, Unauthorized, "Unauthorized: sign in with OAuth, or send an agent key", {
      "www-authenticate": challenge,
    }),
  /** A valid key of this account that may not use this server (or a suspended agent or server). */
  forbidden: (message: string) => http(403, Forbidden, message),
  /** The store is down and this caller cannot be checked. */
  unavailable: http(503, ErrorCode.InternalError, "Gateway temporarily unavailable"),
  hostNotAllowed: http(403, BadRequest, "Forbidden: Host or Origin not allowed"),
  shuttingDown: http(503, ErrorCode.InternalError, "Gateway is shutting down", { "retry-after": "1" }),
  internalError: http(500, ErrorCode.InternalError, "Internal error"),
  methodNotAllowed: (allow: string) => http(405, BadRequest, "Method not allowed.", { allow }),
  tooManySessions: http(
    429,
    BadRequest,
    "Too many open sessions: every session this agent has open on the gateway is busy; end one (DELETE) or retry later",
    { "retry-after": "5" },
  ),
  /** An oversized body is not read to its end: the connection closes after the answer. */
  bodyTooLarge: http(413, ErrorCode.InvalidRequest, "Request body too large", { connection: "close" }),
  bodyNotJson: http(400, ErrorCode.ParseError, "Parse error: the body is not JSON"),
  parseError: http(400, ErrorCode.ParseError, "Parse error"),
  invalidMessage: http(400, ErrorCode.ParseError, "Parse error: Invalid JSON-RPC message"),
  sessionIdRequired: http(400, BadRequest, "Bad Request: Mcp-Session-Id header is required"),
  sessionNotFound: http(404, SessionNotFound, "Session not found"),
  notInitialized: http(400, BadRequest, "Bad Request: Server not initialized"),
  unsupportedProtocolVersion: (version: string, supported: readonly string[]) =>
    http(
      400,
      BadRequest,
      `Bad Request: Unsupported protocol version: ${version} (supported versions: ${supported.join(", ")})`,
    ),
  getNotAcceptable: http(406, BadRequest, "Not Acceptable: Client must accept text/event-stream"),
  postNotAcceptable: http(
    406,
    BadRequest,
    "Not Acceptable: Client must accept both application/json and text/event-stream",
  ),
  unsupportedMediaType: http(
    415,
    BadRequest,
    "Unsupported Media Type: Content-Type must be application/json",
  ),
  batchTooLarge: (max: number) =>
    http(400, ErrorCode.InvalidRequest, `Invalid Request: Batch must not exceed ${max} messages`),
  alreadyInitialized: http(400, ErrorCode.InvalidRequest, "Invalid Request: Server already initialized"),
  oneInitializeOnly: http(
    400,
    ErrorCode.InvalidRequest,
    "Invalid Request: Only one initialization request is allowed",
  ),
  duplicateRequestId: http(
    400,
    ErrorCode.InvalidRequest,
    "Invalid Request: a request id is already in use in this session",
  ),
  secondGetStream: http(409, BadRequest, "Conflict: Only one SSE stream is allowed per session"),
  unknownResumeId: http(
    400,
    BadRequest,
    "Bad Request: this Last-Event-ID names no stream that can be resumed",
  ),
  streamConnected: http(409, BadRequest, "Conflict: Stream already has an active connection"),
} as const;

/** Answers that are not JSON-RPC (paths outside the MCP endpoints, /metrics): `{ error: { code, message } }`. */
export const PLAIN_ANSWERS = {
  notFound: { status: 404, code: "not_found", message: "Not found" },
  metricsUnauthorized: {
    status: 401,
    code: "unauthorized",
    message: "Unauthorized: a metrics token is required",
    headers: { "www-authenticate": 'Bearer realm="gatehouse-metrics"' },
  },
  metricsForbidden: {
    status: 403,
    code: "forbidden",
    message: "Forbidden: metrics are served to loopback unless a token is set",
  },
} as const satisfies Record<
  string,
  { status: number; code: string; message: string; headers?: Record<string, string> }
>;

/** Answers to one request inside a session (relay and call handler). */
export const RPC_ANSWERS = {
  /** The same request-id rule as the transport's (JSON-RPC and MCP forbid reusing an id in progress). */
  duplicateRequestId: { code: ErrorCode.InvalidRequest, message: HTTP_ANSWERS.duplicateRequestId.message },
  toolNameRequired: { code: ErrorCode.InvalidParams, message: "Invalid params: a tool name is required" },
  /** A hidden, default-denied or unknown tool: the same answer as for a tool the upstream does not have. */
  unknownTool: (tool: string): RpcAnswer => ({
    code: UNKNOWN_TOOL_ERROR_CODE,
    message: unknownToolMessage(tool),
  }),
  gatewayError: { code: ErrorCode.InternalError, message: "Gateway error: please retry" },
  upstreamUnavailable: (detail: string): RpcAnswer => ({
    code: ErrorCode.InternalError,
    message: `Upstream unavailable: ${detail}`,
  }),
  /** The account URL (issue 20): a method it does not relay, a name or URI of no server the agent may use. */
  accountMethodNotFound: (method: string): RpcAnswer => ({
    code: ErrorCode.MethodNotFound,
    message: `Method not found: ${method}`,
  }),
  accountUnknownName: (what: "prompt" | "resource", name: string): RpcAnswer => ({
    code: ErrorCode.InvalidParams,
    message: `Unknown ${what}: ${name} (names on this URL are listed by ${what}s/list)`,
  }),
  /** A session whose caller lost access: what is in flight is answered so. */
  forbidden: (reason: string): RpcAnswer => ({ code: Forbidden, message: `Forbidden: ${reason}` }),
  /**
   * A request about a task this session did not create, when the upstream gave no answer of its own to copy
   * (absent-answers.ts): the SDK server's answer for a task it does not know, as its McpError writes it.
   */
  unknownTask: (method: string, taskId: unknown): RpcAnswer => ({
    code: ErrorCode.InvalidParams,
    message:
      method === "tasks/get"
        ? "MCP error -32602: Failed to retrieve task: Task not found"
        : `MCP error -32602: Task not found: ${String(taskId)}`,
  }),
  /**
   * A call whose upstream OAuth connection is missing or expired, from a client that declared URL-mode elicitation
   * (MCP 2025-11-25): the spec's URL-elicitation-required error, pointing at the page to connect at.
   */
  connectionElicitation: (text: string, url: string, elicitationId: string): RpcAnswer => ({
    code: ErrorCode.UrlElicitationRequired,
    message: text,
    data: { elicitations: [{ mode: "url", elicitationId, url, message: text }] },
  }),
  /**
   * A refused task-augmented tools/call: only a CreateTaskResult may answer a call whose task was accepted, so the
   * refusal is a JSON-RPC error with the refusal's text, and the decision in `error.data`.
   */
  refusedTask: (text: string, meta: DecisionMeta): RpcAnswer => ({
    code: REFUSED_TASK_ERROR_CODE,
    message: text,
    data: { [DECISION_META_KEY]: meta },
  }),
} as const;
