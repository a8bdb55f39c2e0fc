/**
 * `{GATEWAY_PUBLIC_URL}/{account}/mcp` and `/{account}/oauth/mcp` (issue 20): a thin adapter, like the per-server
 * endpoint — authenticates every request by agent key, finds or creates the account session and hands the request
 * to its transport. An account that has a server with the slug `oauth` keeps `/{account}/oauth/mcp` for it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { HTTP_ANSWERS } from "../answers.js";
import type { Authenticator } from "../auth/authenticate.js";
import {
  BodyError,
  type BodyLimits,
  isInitializeRequest,
  readJsonBody,
  sendAnswer,
} from "../http/respond.js";
import type { AccountSessions } from "./account-sessions.js";

export interface AccountEndpointDeps {
  auth: Authenticator;
  accountSessions: AccountSessions;
  /** Whether the account (as this replica holds it) has a server of this slug. */
  hasServer(accountSlug: string, serverSlug: string): boolean;
  /** GATEWAY_MAX_BODY_BYTES and the stdio one: an account URL takes what its servers' own URLs take. */
  bodyLimits: BodyLimits;
}

/** `/{account}/oauth/mcp` is the per-server OAuth URL... of a server whose slug is `oauth`, if there is one. */
export function isServerNamedOAuth(deps: AccountEndpointDeps, accountSlug: string): boolean {
  return deps.hasServer(accountSlug, "oauth");
}

/** Which account URL a path is: `/{account}/mcp` (key) or `/{account}/oauth/mcp`; undefined for any other. */
export function accountUrlKind(parts: readonly string[]): "key" | "oauth" | undefined {
  if (parts.length === 3 && parts[2] === "mcp") return "key";
  if (parts.length === 4 && parts[2] === "oauth" && parts[3] === "mcp") return "oauth";
  return undefined;
}

export async function handleAccountStreamable(
  deps: AccountEndpointDeps,
  req: IncomingMessage,
  res: ServerResponse,
  accountSlug: string,
): Promise<void> {
  const method = req.method ?? "GET";
  if (method !== "POST" && method !== "GET" && method !== "DELETE") {
    sendAnswer(res, HTTP_ANSWERS.methodNotAllowed("GET, POST, DELETE"));
    return;
  }
  const result = await deps.auth.authenticateAgent(accountSlug, req.headers.authorization);
  delete req.headers.authorization;
  delete req.headers.cookie;
  if (!result.ok) {
    sendAnswer(res, result.answer);
    return;
  }
  const auth: AuthInfo = { token: "", clientId: result.keyId, scopes: [] };
  (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;

  let body: unknown;
  if (method === "POST") {
    try {
      body = await readJsonBody(req, Math.max(deps.bodyLimits.http, deps.bodyLimits.stdio));
    } catch (error: unknown) {
      sendAnswer(res, error instanceof BodyError ? error.answer : HTTP_ANSWERS.parseError);
      return;
    }
  }
  const header = req.headers["mcp-session-id"];
  const sessionId = Array.isArray(header) ? header[0] : header;
  if (!sessionId) {
    if (method !== "POST" || !isInitializeRequest(body)) {
      sendAnswer(res, HTTP_ANSWERS.sessionIdRequired);
      return;
    }
    const entry = deps.accountSessions.create({ accountSlug, agentId: result.agent.id, keyId: result.keyId });
    if (!entry || entry === "busy") {
      sendAnswer(res, entry === "busy" ? HTTP_ANSWERS.tooManySessions : HTTP_ANSWERS.unavailable);
      return;
    }
    await entry.transport.handleRequest(req, res, body);
    // Refused before it initialized (a wrong Accept, two initializes…): no session may stay behind.
    if (entry.transport.sessionId === undefined) await entry.session.close();
    return;
  }
  const entry = deps.accountSessions.get(sessionId);
  if (!entry?.session.belongsTo(accountSlug, result.agent.id)) {
    sendAnswer(res, HTTP_ANSWERS.sessionNotFound);
    return;
  }
  await entry.transport.handleRequest(req, res, body);
}
