/**
 * Which era a request without a session belongs to (MCP 2026-07-28 is stateless: each request carries its version
 * and capabilities in `_meta`), and the checks a 2026-07-28 server makes before it serves one, in its order: the
 * SDK's own classifier (JSON-RPC shape, envelope, the header/body cross-checks it owns), the supported-revision
 * gate (`-32022`), then the standard headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`: required, and
 * equal to the body, else `-32020`). The texts are the SDK server's, so an agent is answered as it would be directly.
 */
import type { IncomingHttpHeaders } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { classifyInboundRequest } from "@modelcontextprotocol/server";
import { GatewayErrorCode } from "../answers.js";
import type { RpcNotification, RpcRequest } from "../session/messages.js";

/** The stateless revisions the gateway relays. */
export const MODERN_VERSIONS: readonly string[] = ["2026-07-28"];

export type ModernRoute =
  | { kind: "legacy" }
  | { kind: "request"; message: RpcRequest; version: string }
  | { kind: "notification"; message: RpcNotification; version: string }
  /** Answered at once; a notification's refusal has no body. */
  | { kind: "reject"; status: number; body: Record<string, unknown> | undefined };

/** The body field the `Mcp-Name` header mirrors, per method (SEP-2243 and the tasks extension's binding). */
const NAME_SOURCE: Readonly<Record<string, string>> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function reject(status: number, id: unknown, code: number, message: string, data?: unknown): ModernRoute {
  const error: Record<string, unknown> = { code, message };
  if (data !== undefined) error.data = data;
  return { kind: "reject", status, body: { jsonrpc: "2.0", error, id: id ?? null } };
}

function mismatch(id: unknown, header: string, body: string): ModernRoute {
  return reject(
    400,
    id,
    GatewayErrorCode.HeaderMismatch,
    `Bad Request: the request headers and body disagree: ${body}`,
    {
      mismatch: { header, body },
    },
  );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `=?base64?…?=` is how a client sends a name that is not plain ASCII; undefined when the sentinel is invalid. */
function decodeName(value: string): string | undefined {
  if (!(value.startsWith("=?base64?") && value.endsWith("?="))) return value;
  const encoded = value.slice(9, -2);
  if (!BASE64.test(encoded)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(encoded, "base64"));
  } catch {
    return undefined;
  }
}

/** The presence and `Mcp-Name` half of the standard-header checks, on a request (notifications are exempt). */
function standardHeaderProblem(
  headers: IncomingHttpHeaders,
  request: RpcRequest,
  version: string,
): ModernRoute | undefined {
  if (header(headers, "mcp-protocol-version") === undefined)
    return mismatch(
      request.id,
      "(missing)",
      `the body envelope names protocol version ${version} but the required MCP-Protocol-Version header is absent`,
    );
  if (header(headers, "mcp-method") === undefined)
    return mismatch(
      request.id,
      "(missing)",
      `the body names method ${request.method} but the required Mcp-Method header is absent`,
    );
  const field = Object.hasOwn(NAME_SOURCE, request.method) ? NAME_SOURCE[request.method] : undefined;
  if (field === undefined) return undefined;
  const raw = request.params?.[field];
  const bodyValue = typeof raw === "string" ? raw : undefined;
  const nameHeader = header(headers, "mcp-name")?.replace(/^[\t ]+|[\t ]+$/g, "");
  if (nameHeader === undefined) {
    if (bodyValue === undefined) return undefined;
    return mismatch(
      request.id,
      "(missing)",
      `the body carries params.${field}="${bodyValue}" but the required Mcp-Name header is absent`,
    );
  }
  const decoded = decodeName(nameHeader);
  if (decoded === undefined)
    return mismatch(request.id, nameHeader, "the Mcp-Name header carries an invalid Base64 sentinel value");
  if (bodyValue !== undefined && decoded !== bodyValue)
    return mismatch(
      request.id,
      nameHeader,
      `the body carries params.${field}="${bodyValue}" but the Mcp-Name header names "${decoded}"`,
    );
  return undefined;
}

/**
 * The answer to a stateless request for an upstream the gateway reaches only in sessions (stdio, legacy SSE): the
 * revision is not served here, and the versions that are (all session-based) are named, so that a client that
 * also speaks them falls back to `initialize` and one that does not is told why.
 */
export function sessionOnlyUpstream(request: RpcRequest, version: string): ModernRoute {
  return reject(
    400,
    request.id,
    GatewayErrorCode.UnsupportedProtocolVersion,
    `Unsupported protocol version: ${version}`,
    {
      supported: SUPPORTED_PROTOCOL_VERSIONS.filter((known) => !MODERN_VERSIONS.includes(known)),
      requested: version,
    },
  );
}

/** Classifies a POST without `Mcp-Session-Id`: legacy traffic goes on to the session path. */
export function classifyModern(headers: IncomingHttpHeaders, body: unknown): ModernRoute {
  const outcome = classifyInboundRequest({
    httpMethod: "POST",
    protocolVersionHeader: header(headers, "mcp-protocol-version"),
    mcpMethodHeader: header(headers, "mcp-method"),
    mcpNameHeader: header(headers, "mcp-name"),
    body,
  });
  if (outcome.kind === "legacy") return { kind: "legacy" };
  const id = (body as { id?: unknown } | null)?.id;
  if (outcome.kind === "reject")
    return reject(outcome.httpStatus, id, outcome.code, outcome.message, outcome.data);
  const version = outcome.classification.revision ?? "";
  if (!MODERN_VERSIONS.includes(version)) {
    if (outcome.messageKind === "notification") return { kind: "reject", status: 202, body: undefined };
    const data: Record<string, unknown> = { supported: [...MODERN_VERSIONS] };
    if (version) data.requested = version;
    const what = version || "the request did not name a protocol version";
    return reject(
      400,
      id,
      GatewayErrorCode.UnsupportedProtocolVersion,
      `Unsupported protocol version: ${what}`,
      data,
    );
  }
  if (outcome.messageKind === "notification")
    return { kind: "notification", message: outcome.message as RpcNotification, version };
  const request = outcome.message as RpcRequest;
  return standardHeaderProblem(headers, request, version) ?? { kind: "request", message: request, version };
}
