/**
 * The OAuth side of the gateway's origin (DESIGN §10): each OAuth URL's protected resource metadata, and the
 * fallbacks for clients that get discovery wrong — they probe the resource's origin for the authorization server's
 * metadata (any well-known form), or call `/authorize`, `/token`, `/register` and `/revoke` there. The metadata is the
 * dashboard's own document (fetched and cached a minute); `/authorize` redirects to the dashboard; the others are
 * forwarded to it, so the flow completes whichever way a client guessed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http/respond.js";
import type { Logger } from "../log.js";
import { protectedResourceMetadata } from "./protected-resource.js";

export interface OAuthRouteDeps {
  log: Logger;
  /** GATEWAY_PUBLIC_URL. */
  publicUrl: string;
  /** WEB_PUBLIC_URL: the authorization server. */
  webPublicUrl: string;
  /** Where this process reaches the dashboard to forward to it (GATEWAY_WEB_URL, else WEB_PUBLIC_URL). */
  webInternalUrl?: string | undefined;
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const FORWARDED = new Set(["/token", "/register", "/revoke"]);
const AS_METADATA = ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"];
const MAX_FORWARD_BYTES = 64 * 1024;
const METADATA_TTL_MS = 60_000;
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, mcp-protocol-version",
};

/** Whether `path` is one of the routes below (the router asks before its own routes). */
export function isOAuthRoute(path: string): boolean {
  return (
    path.startsWith("/.well-known/") || path === "/authorize" || FORWARDED.has(path) || isSuffixMetadata(path)
  );
}

/** `/{account}/{server}/oauth/mcp/.well-known/…`: clients that append the well-known suffix to the resource. */
function isSuffixMetadata(path: string): boolean {
  return AS_METADATA.some((suffix) => path.endsWith(suffix)) && !path.startsWith("/.well-known/");
}

export function createOAuthRoutes(deps: OAuthRouteDeps) {
  let metadata: { body: string; at: number } | undefined;
  const dashboard = deps.webInternalUrl ?? deps.webPublicUrl;

  async function authorizationServerMetadata(res: ServerResponse): Promise<void> {
    if (!metadata || Date.now() - metadata.at > METADATA_TTL_MS) {
      try {
        const answer = await fetch(`${dashboard}/.well-known/oauth-authorization-server`, {
          signal: AbortSignal.timeout(5000),
        });
        if (!answer.ok) throw new Error(`status ${answer.status}`);
        metadata = { body: await answer.text(), at: Date.now() };
      } catch (error: unknown) {
        deps.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          "authorization server metadata unavailable",
        );
        if (!metadata) {
          sendJson(res, 503, { error: "temporarily_unavailable" }, CORS);
          return;
        }
      }
    }
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60", ...CORS });
    res.end(metadata.body);
  }

  async function forward(req: IncomingMessage, res: ServerResponse, path: string, query: string) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_FORWARD_BYTES) {
        sendJson(res, 413, { error: "invalid_request", error_description: "Request body too large" }, CORS);
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "authorization", "accept"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    try {
      const answer = await fetch(`${dashboard}/oauth${path}${query ? `?${query}` : ""}`, {
        method: req.method ?? "POST",
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      const out: Record<string, string> = { ...CORS };
      for (const name of ["content-type", "cache-control", "pragma", "location", "www-authenticate"]) {
        const value = answer.headers.get(name);
        if (value) out[name] = value;
      }
      res.writeHead(answer.status, out);
      res.end(body);
    } catch (error: unknown) {
      deps.log.warn(
        { err: error instanceof Error ? error.message : String(error), path },
        "oauth forward failed",
      );
      sendJson(res, 503, { error: "temporarily_unavailable" }, CORS);
    }
  }

  /** Answers an OAuth route; false when the path is not one (the router answers 404). */
  return async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: string,
  ): Promise<boolean> {
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...CORS, "access-control-max-age": "86400" });
      res.end();
      return true;
    }
    const prm = "/.well-known/oauth-protected-resource/";
    if (path.startsWith(prm)) {
      const [account = "", server = "", oauth, mcp, ...rest] = path.slice(prm.length).split("/");
      if (
        !SLUG.test(account) ||
        !SLUG.test(server) ||
        oauth !== "oauth" ||
        mcp !== "mcp" ||
        rest.length > 0
      ) {
        return false;
      }
      sendJson(res, 200, protectedResourceMetadata(deps.publicUrl, deps.webPublicUrl, account, server), CORS);
      return true;
    }
    if (
      AS_METADATA.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ||
      isSuffixMetadata(path)
    ) {
      await authorizationServerMetadata(res);
      return true;
    }
    if (path === "/authorize") {
      res.writeHead(302, { location: `${deps.webPublicUrl}/oauth/authorize${query ? `?${query}` : ""}` });
      res.end();
      return true;
    }
    if (FORWARDED.has(path)) {
      await forward(req, res, path, query);
      return true;
    }
    return false;
  };
}
