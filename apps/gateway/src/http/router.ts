/** The gateway's HTTP routes: operations endpoints, then `/{account}/{server}/{mcp|sse|message}`. */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AccountEndpointDeps,
  accountUrlKind,
  handleAccountStreamable,
  isServerNamedOAuth,
} from "../account/account-endpoint.js";
import { HTTP_ANSWERS, PLAIN_ANSWERS } from "../answers.js";
import { createOAuthRoutes, isOAuthRoute } from "../auth/oauth-routes.js";
import type { Logger } from "../log.js";
import type { CorsHandler } from "./cors.js";
import { hostAllowed } from "./host-check.js";
import { type EndpointDeps, handleSseMessage, handleSseStream, handleStreamable } from "./mcp-endpoint.js";
import { metricsAccess } from "./metrics-access.js";
import { sendAnswer, sendJson, sendPlainAnswer } from "./respond.js";

export interface RouterDeps extends EndpointDeps, AccountEndpointDeps {
  log: Logger;
  allowedHosts: readonly string[];
  /** GATEWAY_CORS_ORIGINS: browser origins allowed besides those of the allowed hosts ("*": any). */
  corsOrigins: readonly string[];
  /** CORS headers for the MCP endpoints (cors.ts). */
  cors: CorsHandler;
  ready(): boolean;
  metricsText(): Promise<{ text: string; contentType: string }>;
  /** GATEWAY_METRICS_TOKEN: when set, /metrics requires it as a Bearer token. */
  metricsToken: string | undefined;
  draining(): boolean;
  /** WEB_PUBLIC_URL: the authorization server of the OAuth URLs. */
  webPublicUrl: string;
  /** GATEWAY_WEB_URL: where the OAuth fallbacks reach the dashboard. */
  webInternalUrl?: string | undefined;
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function createRouter(deps: RouterDeps) {
  const oauth = createOAuthRoutes(deps);
  return (req: IncomingMessage, res: ServerResponse): void => {
    void route(deps, oauth, req, res).catch((error: unknown) => {
      deps.log.error(
        // The path only: a query may carry a legacy SSE session id.
        {
          err: error instanceof Error ? error.message : String(error),
          path: splitTarget(req.url ?? "/").path,
        },
        "request failed",
      );
      if (!res.headersSent) sendAnswer(res, HTTP_ANSWERS.internalError);
      else res.end();
    });
  };
}

/**
 * The path and query of a request target. Origin-form targets ("/a/b?c", all a client sends to a server) are split
 * as they are, which is all the routes need and far cheaper than a URL per request; anything else goes through URL.
 */
function splitTarget(target: string): { path: string; query: string } {
  if (target.startsWith("/") && !target.startsWith("//")) {
    const mark = target.indexOf("?");
    return mark === -1
      ? { path: target, query: "" }
      : { path: target.slice(0, mark), query: target.slice(mark + 1) };
  }
  const url = new URL(target, "http://gateway.invalid");
  return { path: url.pathname, query: url.search.slice(1) };
}

async function route(
  deps: RouterDeps,
  oauth: ReturnType<typeof createOAuthRoutes>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { path, query } = splitTarget(req.url ?? "/");
  if (isOAuthRoute(path) && (await oauth(req, res, path, query))) return;
  if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
  if (path === "/readyz") {
    const ready = deps.ready() && !deps.draining();
    return sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
  }
  if (path === "/metrics") {
    if (!hostAllowed(req, deps.allowedHosts)) {
      return sendAnswer(res, HTTP_ANSWERS.hostNotAllowed);
    }
    const access = metricsAccess(req, deps.metricsToken);
    if (access === "unauthorized") return sendPlainAnswer(res, PLAIN_ANSWERS.metricsUnauthorized);
    if (access === "forbidden") return sendPlainAnswer(res, PLAIN_ANSWERS.metricsForbidden);
    const { text, contentType } = await deps.metricsText();
    res.writeHead(200, { "content-type": contentType });
    res.end(text);
    return;
  }
  const parts = path.split("/");
  const [, account = "", server = "", kind = "", ...rest] = parts;
  // `/{account}/{server}/oauth/mcp`: the same endpoint as an OAuth protected resource (DESIGN §10).
  const oauthUrl = kind === "oauth" && rest.length === 1 && rest[0] === "mcp";
  // `/{account}/mcp` and `/{account}/oauth/mcp`: the account URL, every server the agent may use (issue 20).
  let accountUrl = accountUrlKind(parts);
  if (accountUrl === "oauth" && isServerNamedOAuth(deps, account)) accountUrl = undefined;
  if (
    accountUrl
      ? !SLUG.test(account)
      : parts.length < 4 || (rest.length > 0 && !oauthUrl) || !SLUG.test(account) || !SLUG.test(server)
  ) {
    return sendPlainAnswer(res, PLAIN_ANSWERS.notFound);
  }
  if (!hostAllowed(req, deps.allowedHosts, deps.corsOrigins)) {
    return sendAnswer(res, HTTP_ANSWERS.hostNotAllowed);
  }
  if (await deps.cors(req, res)) return; // a browser's preflight, answered
  if (deps.draining() && req.method === "POST" && !req.headers["mcp-session-id"]) {
    return sendAnswer(res, HTTP_ANSWERS.shuttingDown);
  }
  if (accountUrl) return handleAccountStreamable(deps, req, res, account);
  if (oauthUrl) return handleStreamable(deps, req, res, account, server, "oauth");
  if (kind === "mcp") return handleStreamable(deps, req, res, account, server);
  if (kind === "sse") return handleSseStream(deps, req, res, account, server);
  if (kind === "message")
    return handleSseMessage(deps, req, res, account, server, new URLSearchParams(query).get("sessionId"));
  return sendPlainAnswer(res, PLAIN_ANSWERS.notFound);
}
