/**
 * CORS for the MCP endpoints, so that a browser client (the MCP Inspector's direct mode, a web app) can use the
 * gateway as it would use an MCP server that allows its origin: preflights are answered, and the MCP headers a
 * client must read (`Mcp-Session-Id` above all) are exposed. Allowed are the origins the DNS-rebinding check accepts
 * (host-check.ts: an allowed host, or one of GATEWAY_CORS_ORIGINS). No credentials mode: agents authenticate with
 * a bearer key or token they send themselves, never with a cookie, so nothing ambient is shared with a page.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "cors";

/** Headers of an MCP answer a browser client reads. */
const EXPOSED_HEADERS = [
  "Mcp-Session-Id",
  "Mcp-Protocol-Version",
  "Last-Event-ID",
  "WWW-Authenticate",
  "Retry-After",
];

/**
 * Adds the CORS headers for an allowed origin; resolves true when the request was a preflight, now answered (204).
 * The request headers a preflight asks for are allowed as asked: which ones an MCP client sends depends on its
 * protocol version (Mcp-Method, Mcp-Name, Last-Event-ID), and each request is checked by the endpoint anyway.
 */
export type CorsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function createCors(originAllowed: (origin: string) => boolean): CorsHandler {
  const middleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && originAllowed(origin)),
    methods: ["GET", "POST", "DELETE"],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  return (req, res) => {
    // Only a browser's preflight is answered here; any other OPTIONS gets the endpoint's own answer (405).
    const preflight =
      req.headers.origin !== undefined && req.headers["access-control-request-method"] !== undefined;
    if (req.method === "OPTIONS" && !preflight) return Promise.resolve(false);
    return new Promise((resolve, reject) => {
      middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve(false)));
      if (res.writableEnded) resolve(true);
    });
  };
}
