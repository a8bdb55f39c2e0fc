/**
 * A fetch for the MCP SDK's HTTP transports built on node:http: redirects are never followed, every connection's
 * resolved address passes the SSRF guard (unless private upstreams are allowed), and sockets are kept alive.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { UpstreamError } from "./errors.js";
import { guardMessageSize, MAX_MESSAGE_BYTES } from "./message-size.js";
import { guardedLookup, isPrivateAddress } from "./ssrf.js";

export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

const agents = {
  open: { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) },
  guarded: {
    http: new http.Agent({ keepAlive: true, lookup: guardedLookup as never }),
    https: new https.Agent({ keepAlive: true, lookup: guardedLookup as never }),
  },
};

function headersToRecord(headers: RequestInit["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function bodyToBuffer(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new UpstreamError("invalid_target", "Unsupported request body type for upstream fetch");
}

function toResponseHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else headers.set(key, value);
  }
  return headers;
}

/** The keep-alive agent for an upstream URL (guarded: every resolved address passes the SSRF check). */
export function upstreamAgent(url: URL, allowPrivate: boolean): http.Agent {
  const pool = allowPrivate ? agents.open : agents.guarded;
  return url.protocol === "https:" ? pool.https : pool.http;
}

/** An IP-literal host never goes through `lookup`: refuse a private one here. */
export function privateLiteralError(url: URL, allowPrivate: boolean): UpstreamError | undefined {
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!isIP(host) || !isPrivateAddress(host)) return undefined;
  return new UpstreamError("private_address", `Upstream address ${host} is private, loopback or link-local`);
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** Builds the fetch the upstream transports use. Answers are bounded as in message-size.ts. */
export function createUpstreamFetch(options: { allowPrivate: boolean; maxMessageBytes?: number }): FetchLike {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = typeof input === "string" ? new URL(input) : input;
      const refusal = privateLiteralError(url, options.allowPrivate);
      if (refusal) {
        reject(refusal);
        return;
      }
      const isHttps = url.protocol === "https:";
      const body = bodyToBuffer(init.body);
      const headers = headersToRecord(init.headers);
      if (body) headers["content-length"] = String(body.length);
      const request = (isHttps ? https : http).request(url, {
        method: init.method ?? "GET",
        headers,
        agent: upstreamAgent(url, options.allowPrivate),
        signal: init.signal ?? undefined,
      });
      request.on("error", reject);
      request.on("response", (response) => {
        const status = response.statusCode ?? 502;
        const responseHeaders = toResponseHeaders(response.headers);
        if (NULL_BODY_STATUS.has(status) || init.method === "HEAD") {
          response.resume();
          resolve(
            new Response(null, { status, statusText: response.statusMessage, headers: responseHeaders }),
          );
          return;
        }
        guardMessageSize(response, options.maxMessageBytes ?? MAX_MESSAGE_BYTES);
        const stream = Readable.toWeb(response) as NodeReadableStream<Uint8Array>;
        resolve(
          new Response(stream as unknown as ReadableStream<Uint8Array>, {
            status,
            statusText: response.statusMessage,
            headers: responseHeaders,
          }),
        );
      });
      request.end(body);
    });
}
