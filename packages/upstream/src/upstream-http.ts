/**
 * The HTTP requests of one Streamable HTTP upstream transport, on the lean HTTP/1.1 client of http1.ts: the SSRF
 * guard on every connection's resolved address (unless private upstreams are allowed), redirects never followed,
 * header values checked, an `oauth` upstream's token on every request (refreshed and retried once on 401), and
 * every request still open destroyed when the transport closes, like the SDK's aborted fetches.
 */
import { unfollowedRedirect } from "@modelcontextprotocol/sdk/shared/transport.js";
import { privateLiteralError } from "./fetch.js";
import { type Http1Exchange, http1Request } from "./http1.js";
import { headerOf } from "./http1-body.js";
import type { Http1Response } from "./http1-response.js";
import type { UpstreamAuthorization } from "./oauth/upstream-authorization.js";
import { isValidHeaderValue } from "./stored-headers.js";

export class UpstreamHttp {
  /** The Host header for the URL (the port only when it is not the default). */
  private readonly host: string;
  /** Requests (and their response streams) still open. */
  private readonly active = new Set<Http1Exchange>();

  constructor(
    private readonly url: URL,
    private readonly allowPrivate: boolean,
    private readonly authorization: UpstreamAuthorization | undefined,
    private readonly signal: () => AbortSignal | undefined,
  ) {
    this.host = url.host;
  }

  /** A request, authorized when the upstream is an `oauth` one: after a 401, once more with a fresh token. */
  async request(method: string, headers: Record<string, string>, body?: string): Promise<Http1Response> {
    const authorization = this.authorization;
    if (!authorization) return this.send(method, headers, body);
    const sent = await authorization.header();
    const response = await this.send(method, { ...headers, authorization: sent }, body);
    if (response.statusCode !== 401) return response;
    response.resume();
    return this.send(method, { ...headers, authorization: await authorization.refused(sent) }, body);
  }

  /** What the SDK reports for a response it did not follow (a redirect), or undefined. */
  unfollowed(response: Http1Response): string | undefined {
    const text = unfollowedRedirect(
      {
        type: "default",
        url: "",
        status: response.statusCode ?? 0,
        headers: { get: (name: string) => headerOf(response, name.toLowerCase()) },
      } as unknown as Response,
      this.url,
    );
    return text ? `${text} (redirectPolicy: 'same-origin')` : text;
  }

  destroyAll(): void {
    for (const request of this.active) request.destroy(new Error("This operation was aborted"));
    this.active.clear();
  }

  private send(method: string, headers: Record<string, string>, body?: string): Promise<Http1Response> {
    return new Promise((resolve, reject) => {
      const refusal = privateLiteralError(this.url, this.allowPrivate);
      if (refusal) {
        reject(refusal);
        return;
      }
      if (this.signal()?.aborted) {
        reject(new Error("This operation was aborted"));
        return;
      }
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      // Headers are written as they are. Names are ours or checked by the transport's constructor; values that
      // came from the upstream (session id, protocol version, event id) are checked here.
      const pairs: [string, string][] = "host" in headers ? [] : [["host", this.host]];
      for (const name in headers) {
        const value = headers[name] as string;
        if (!isValidHeaderValue(value)) {
          reject(new TypeError(`Invalid header value for ${name}`));
          return;
        }
        pairs.push([name, value]);
      }
      const exchange = http1Request(this.url, this.allowPrivate, method, pairs, body);
      this.active.add(exchange);
      exchange.once("close", () => this.active.delete(exchange));
      exchange.on("error", reject);
      exchange.on("response", resolve);
    });
  }
}
