/**
 * How a transport authenticates to an `oauth` upstream: the Authorization header to send now, and a fresh one
 * after the upstream refused a request with 401 (the request is then retried once). Implemented over a connection's
 * stored tokens by connection-tokens.ts; the transports only see this interface.
 */
import type { FetchLike } from "../fetch.js";

export interface UpstreamAuthorization {
  /** The Authorization header value for the next request (refreshed first when the token is about to expire). */
  header(): Promise<string>;
  /** The upstream answered 401 to `sent`: the value to retry with (throws when there is none). */
  refused(sent: string): Promise<string>;
}

/** A fetch that adds the Authorization header and retries once, freshly authorized, after a 401. */
export function authorizedFetch(fetch: FetchLike, authorization: UpstreamAuthorization): FetchLike {
  return async (input, init = {}) => {
    const sent = await authorization.header();
    const headers = new Headers(init.headers);
    headers.set("authorization", sent);
    const response = await fetch(input, { ...init, headers });
    if (response.status !== 401) return response;
    await response.body?.cancel().catch(() => undefined);
    headers.set("authorization", await authorization.refused(sent));
    return fetch(input, { ...init, headers });
  };
}
