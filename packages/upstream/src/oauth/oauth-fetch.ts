/**
 * The fetch every OAuth request to an upstream's hosts goes through (protected resource metadata, authorization
 * server metadata, registration, tokens): the upstream SSRF guard on the name and on every resolved address, no
 * redirects, answers bounded in size and time. The MCP SDK's client auth functions take it as their `fetchFn`.
 */
import { UpstreamError } from "../errors.js";
import { createUpstreamFetch, type FetchLike } from "../fetch.js";
import { assertUpstreamAllowed } from "../ssrf.js";

/** Metadata documents and token answers are small; anything larger is refused. */
const MAX_OAUTH_BYTES = 256 * 1024;
const OAUTH_TIMEOUT_MS = 15_000;

export interface OAuthFetchOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
}

/** What a refused or failed request was for, so the message names the host that was refused. */
function describe(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export function createOAuthFetch(options: OAuthFetchOptions): FetchLike {
  const fetch = createUpstreamFetch({ allowPrivate: options.allowPrivate, maxMessageBytes: MAX_OAUTH_BYTES });
  return async (input, init = {}) => {
    const url = typeof input === "string" ? new URL(input) : input;
    await assertUpstreamAllowed(url.href, { allowPrivate: options.allowPrivate });
    // The SDK sends token and registration bodies as URLSearchParams; the guarded fetch takes bytes.
    const headers = new Headers(init.headers);
    let body = init.body;
    if (body instanceof URLSearchParams) {
      if (!headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
      body = body.toString();
    }
    const signal = AbortSignal.timeout(options.timeoutMs ?? OAUTH_TIMEOUT_MS);
    try {
      return await fetch(url, { ...init, headers, body: body ?? null, signal, redirect: "manual" });
    } catch (error: unknown) {
      if (error instanceof UpstreamError) throw error;
      const reason = error instanceof Error && error.name === "TimeoutError" ? "timed out" : "failed";
      throw new UpstreamError("connect_failed", `The request to ${describe(url)} ${reason}`, {
        cause: error,
      });
    }
  };
}
