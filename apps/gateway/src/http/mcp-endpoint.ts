/**
 * `/{account}/{server}/mcp` (Streamable HTTP) and the legacy `/{account}/{server}/sse` + `/message` pair: a thin
 * adapter that authenticates every request, finds or creates the session and hands the request to its transport.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { oauthResourceUrl } from "@gatehouse/db/oauth-tokens";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { HTTP_ANSWERS } from "../answers.js";
import type { Authenticator, AuthMode } from "../auth/authenticate.js";
import type { Caller } from "../auth/caller.js";
import { oauthChallenge } from "../auth/protected-resource.js";
import type { ModernRelay } from "../modern/modern-relay.js";
import { classifyModern } from "../modern/modern-request.js";
import type { OpenSession, SessionRegistry } from "../session/registry.js";
import { type AuditSink, auditRefusal } from "./audit-refusal.js";
import {
  BodyError,
  type BodyLimits,
  bodyLimitFor,
  isInitializeRequest,
  readJsonBody,
  sendAnswer,
} from "./respond.js";
import type { StreamableServerTransport } from "./streamable-server-transport.js";

export interface EndpointDeps {
  auth: Authenticator;
  audit: AuditSink;
  sessions: SessionRegistry;
  /** Stateless requests (MCP 2026-07-28): POSTs without a session that carry their version in `_meta`. */
  modern: ModernRelay;
  /** GATEWAY_PUBLIC_URL, for the OAuth URL's `resource_metadata` challenge. */
  publicUrl: string;
  /** How large a request body may be, by the server's transport. */
  bodyLimits: BodyLimits;
}

/**
 * Authenticates; on refusal answers and returns undefined. Strips the agent's credentials from the request, and
 * leaves the key's id (never the key) where the transports hand it on with each message, as the SDK's do:
 * `req.auth.clientId`.
 */
async function authenticate(
  deps: EndpointDeps,
  req: IncomingMessage,
  res: ServerResponse,
  account: string,
  server: string,
  mode: AuthMode = "key",
): Promise<Caller | undefined> {
  const startedAt = Date.now();
  const result = await deps.auth.authenticate(account, server, req.headers.authorization, mode);
  delete req.headers.authorization;
  delete req.headers.cookie;
  if (result.ok) {
    const auth: AuthInfo = { token: "", clientId: result.caller.keyId ?? "", scopes: [] };
    (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;
    return result.caller;
  }
  if (mode === "oauth" && result.answer === HTTP_ANSWERS.unauthorized) {
    sendAnswer(
      res,
      HTTP_ANSWERS.oauthUnauthorized(oauthChallenge(deps.publicUrl, account, server, result.tokenError)),
    );
  } else if (result.answer === HTTP_ANSWERS.unauthorized) {
    sendAnswer(res, HTTP_ANSWERS.keyUnauthorized(oauthResourceUrl(deps.publicUrl, account, server)));
  } else {
    if (result.refused) {
      const maxBytes = bodyLimitFor(deps.bodyLimits, result.refused.caller.server.target.transport);
      await auditRefusal(deps.audit, req, result.refused, startedAt, maxBytes);
    }
    sendAnswer(res, result.answer);
  }
  return undefined;
}

async function findSession(
  deps: EndpointDeps,
  req: IncomingMessage,
  id: string,
  caller: Caller,
): Promise<OpenSession | undefined> {
  const local = deps.sessions.get(id);
  if (local) return local.session.belongsTo(caller) ? local : undefined;
  return deps.sessions.resume(id, caller, req.socket.remoteAddress);
}

/** Where a new session may open (see session/session-limit.ts); on refusal answers 429 and returns undefined. */
function admitSession(deps: EndpointDeps, req: IncomingMessage, res: ServerResponse, caller: Caller) {
  const owner = deps.sessions.admit(caller, req.socket.remoteAddress);
  if (owner === undefined) {
    sendAnswer(res, HTTP_ANSWERS.tooManySessions);
  }
  return owner;
}

async function parseBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<{ ok: boolean; body?: unknown }> {
  try {
    return { ok: true, body: await readJsonBody(req, maxBytes) };
  } catch (error: unknown) {
    sendAnswer(res, error instanceof BodyError ? error.answer : HTTP_ANSWERS.parseError);
    return { ok: false };
  }
}

export async function handleStreamable(
  deps: EndpointDeps,
  req: IncomingMessage,
  res: ServerResponse,
  account: string,
  server: string,
  mode: AuthMode = "key",
): Promise<void> {
  const method = req.method ?? "GET";
  if (method !== "POST" && method !== "GET" && method !== "DELETE") {
    sendAnswer(res, HTTP_ANSWERS.methodNotAllowed("GET, POST, DELETE"));
    return;
  }
  const caller = await authenticate(deps, req, res, account, server, mode);
  if (!caller) return;
  const sessionHeader = req.headers["mcp-session-id"];
  const sessionId = Array.isArray(sessionHeader) ? sessionHeader[0] : sessionHeader;

  let body: unknown;
  if (method === "POST") {
    const parsed = await parseBody(req, res, bodyLimitFor(deps.bodyLimits, caller.server.target.transport));
    if (!parsed.ok) return;
    body = parsed.body;
  }
  if (!sessionId && method === "POST") {
    const route = classifyModern(req.headers, body);
    if (route.kind !== "legacy") return deps.modern.handle(req.headers, res, caller, route);
  }
  if (!sessionId) {
    if (method === "POST" && isInitializeRequest(body)) {
      const owner = admitSession(deps, req, res, caller);
      if (owner === undefined) return;
      const entry = deps.sessions.createStreamable(caller, owner);
      const transport = entry.transport as StreamableServerTransport;
      await transport.handleRequest(req, res, body);
      // Refused before it initialized (a wrong Accept, two initializes…): no session may stay behind.
      if (transport.sessionId === undefined) await entry.session.close();
      return;
    }
    sendAnswer(res, HTTP_ANSWERS.sessionIdRequired);
    return;
  }
  const entry = await findSession(deps, req, sessionId, caller);
  if (!entry || !("handleRequest" in entry.transport)) {
    sendAnswer(res, HTTP_ANSWERS.sessionNotFound);
    return;
  }
  await entry.transport.handleRequest(req, res, body);
}

export async function handleSseStream(
  deps: EndpointDeps,
  req: IncomingMessage,
  res: ServerResponse,
  account: string,
  server: string,
): Promise<void> {
  if (req.method !== "GET") {
    sendAnswer(res, HTTP_ANSWERS.methodNotAllowed("GET"));
    return;
  }
  const caller = await authenticate(deps, req, res, account, server);
  if (!caller) return;
  const owner = admitSession(deps, req, res, caller);
  if (owner === undefined) return;
  const messagePath = `/${encodeURIComponent(account)}/${encodeURIComponent(server)}/message`;
  await deps.sessions.createSse(caller, owner, messagePath, res);
}

export async function handleSseMessage(
  deps: EndpointDeps,
  req: IncomingMessage,
  res: ServerResponse,
  account: string,
  server: string,
  sessionId: string | null,
): Promise<void> {
  if (req.method !== "POST") {
    sendAnswer(res, HTTP_ANSWERS.methodNotAllowed("POST"));
    return;
  }
  const caller = await authenticate(deps, req, res, account, server);
  if (!caller) return;
  const entry = sessionId ? deps.sessions.get(sessionId) : undefined;
  if (!entry?.session.belongsTo(caller) || "handleRequest" in entry.transport) {
    sendAnswer(res, HTTP_ANSWERS.sessionNotFound);
    return;
  }
  const parsed = await parseBody(req, res, bodyLimitFor(deps.bodyLimits, caller.server.target.transport));
  if (!parsed.ok) return;
  await (entry.transport as SSEServerTransport).handlePostMessage(req, res, parsed.body);
}
