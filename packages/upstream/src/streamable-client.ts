/**
 * The Streamable HTTP client transport towards an upstream. It behaves like the MCP SDK's
 * StreamableHTTPClientTransport without an auth provider (same headers, status handling, error messages, SSE
 * parsing, resumption and reconnection) but runs on the lean HTTP/1.1 client of http1.ts: no web Response,
 * ReadableStream or TextDecoderStream per call, and no node:http ClientRequest either. Every connection's resolved
 * address passes the SSRF guard (unless private upstreams are allowed); redirects are never followed.
 *
 * Where it departs from the SDK, it is to keep one upstream from hurting the gateway or leaving an agent waiting:
 * - an answer larger than MAX_MESSAGE_BYTES (a JSON body, or one SSE event) is refused and its connection dropped,
 *   where the SDK would buffer it whole, however large;
 * - when a POST's event stream ends or breaks before answering its requests and will not be resumed (or every
 *   resumption fails), onerror gets an UnansweredRequests naming them (the SDK leaves them to time out).
 */
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { mediaTypeEssence } from "@modelcontextprotocol/sdk/shared/mediaType.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import { unfollowedRedirect } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { UnansweredRequests, UpstreamError } from "./errors.js";
import { privateLiteralError } from "./fetch.js";
import { type Http1Exchange, http1Request } from "./http1.js";
import type { Http1Response } from "./http1-response.js";
import {
  isInitializedMessage,
  isRpcRequest,
  isRpcResult,
  markAnsweredAsJson,
  parseJsonRpcMessage,
} from "./jsonrpc.js";
import { MAX_MESSAGE_BYTES, tooLarge } from "./message-size.js";
import type { UpstreamAuthorization } from "./oauth/upstream-authorization.js";
import { isValidHeaderValue, storedHeaderProblem } from "./stored-headers.js";

/**
 * The upstream answered a request in an established session with 404: it no longer knows the session (it
 * restarted, or expired it). Its clients must initialize a new one.
 */
export function upstreamSessionGone(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code === 404;
}

/** The SDK's default reconnection options. */
const RECONNECT = { initialDelay: 1000, maxDelay: 30_000, growFactor: 1.5, maxRetries: 2 };

interface SseOptions {
  resumptionToken?: string | undefined;
  onresumptiontoken?: ((token: string) => void) | undefined;
  replayMessageId?: RequestId | undefined;
  /** Requests of the POST whose answer stream this resumes, still unanswered. */
  requestIds?: RequestId[] | undefined;
}

const UNRESUMABLE = "the upstream's answer stream broke and could not be resumed";

interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

/**
 * An SSE parser with eventsource-parser's semantics (as the SDK's EventSourceParserStream uses it). It throws an
 * UpstreamError once a line or an event grows past `maxChars`.
 */
export function createSseParser(
  onEvent: (event: SseEvent) => void,
  onRetry: (ms: number) => void,
  maxChars = Number.POSITIVE_INFINITY,
) {
  /** The unfinished last line, in pieces. */
  let pending: string[] = [];
  let pendingLength = 0;
  let first = true;
  let id: string | undefined;
  let event: string | undefined;
  let data = "";
  let dataLines = 0;

  const dispatch = () => {
    if (dataLines > 0) onEvent({ id, event, data });
    id = undefined;
    event = undefined;
    data = "";
    dataLines = 0;
  };
  const field = (name: string, value: string) => {
    if (name === "event") event = value || undefined;
    else if (name === "data") {
      data = dataLines === 0 ? value : `${data}\n${value}`;
      dataLines += 1;
      if (data.length > maxChars) throw tooLarge(maxChars);
    } else if (name === "id") {
      if (!value.includes("\0")) id = value;
    } else if (name === "retry" && /^\d+$/.test(value)) onRetry(Number.parseInt(value, 10));
  };
  const line = (text: string) => {
    if (text === "") return dispatch();
    if (text.charCodeAt(0) === 58) return; // a comment
    const colon = text.indexOf(":");
    if (colon === -1) return field(text, "");
    const offset = text.charCodeAt(colon + 1) === 32 ? 2 : 1;
    field(text.slice(0, colon), text.slice(colon + offset));
  };

  return (text: string) => {
    let chunk = text;
    if (first) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    // A chunk without a line break only extends the unfinished line: it is kept aside, so a long line is not
    // copied and searched again for every chunk (which made a 32 MB event cost seconds of CPU).
    if (chunk.indexOf("\n") === -1 && chunk.indexOf("\r") === -1) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength > maxChars) throw tooLarge(maxChars);
      return;
    }
    const input = pending.length > 0 ? pending.join("") + chunk : chunk;
    let start = 0;
    let lf = input.indexOf("\n");
    let cr = input.indexOf("\r");
    while (start < input.length) {
      if (lf !== -1 && lf < start) lf = input.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = input.indexOf("\r", start);
      let end: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        if (cr === input.length - 1) break; // a CR at the end may be the first half of CRLF
        end = cr;
      } else if (lf !== -1) end = lf;
      else break;
      line(input.slice(start, end));
      start = end + 1;
      if (input.charCodeAt(end) === 13 && input.charCodeAt(start) === 10) start += 1;
    }
    const rest = input.slice(start);
    pending = rest ? [rest] : [];
    pendingLength = rest.length;
    if (pendingLength > maxChars) throw tooLarge(maxChars);
  };
}

function isOk(response: Http1Response): boolean {
  return response.statusCode >= 200 && response.statusCode <= 299;
}

/** A response header (repeated ones are already joined with ", "), or null. */
function headerOf(response: Http1Response, name: string): string | null {
  return response.headers[name] ?? null;
}

/** The whole body as text; a body over `limit` bytes is refused and its connection dropped. */
function readText(response: Http1Response, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    response.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      refused = true;
      const error = tooLarge(limit);
      response.destroy(error); // whatever is left of the body is not read
      reject(error);
    });
    response.once("end", () => {
      if (!refused)
        resolve(
          Buffer.concat(chunks)
            .toString("utf8")
            .replace(/^\uFEFF/, ""),
        );
    });
    response.once("error", reject);
  });
}

export interface StreamableClientOptions {
  /** The server's stored headers (never the agent's own). */
  headers?: Record<string, string>;
  allowPrivate: boolean;
  sessionId?: string;
  /** MAX_MESSAGE_BYTES unless given (tests give less). */
  maxMessageBytes?: number;
  /** An `oauth` upstream's tokens: an Authorization header on every request, refreshed and retried once on 401. */
  authorization?: UpstreamAuthorization | undefined;
}

export class StreamableClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];

  private readonly extraHeaders: Record<string, string> = {};
  /** The Host header for the URL (the port only when it is not the default). */
  private readonly host: string;
  private readonly maxMessageBytes: number;
  private abortController: AbortController | undefined;
  /** Requests (and their response streams) still open: destroyed on close, like the SDK's aborted fetches. */
  private readonly active = new Set<Http1Exchange>();
  private _sessionId: string | undefined;
  private _protocolVersion: string | undefined;
  private serverRetryMs: number | undefined;
  private reconnectionTimeout: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: URL,
    private readonly options: StreamableClientOptions,
  ) {
    for (const [key, value] of Object.entries(options.headers ?? {})) {
      // Checked once here: requests write headers as they are (see request()).
      const problem = storedHeaderProblem(key, value);
      if (problem) throw new TypeError(`Invalid stored header: ${problem}`);
      this.extraHeaders[key.toLowerCase()] = value;
    }
    this._sessionId = options.sessionId;
    this.host = url.host;
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  }

  get sessionId(): string | undefined {
    return this._sessionId;
  }

  get protocolVersion(): string | undefined {
    return this._protocolVersion;
  }

  setProtocolVersion(version: string): void {
    this._protocolVersion = version;
  }

  async start(): Promise<void> {
    if (this.abortController) {
      throw new Error(
        "StreamableHTTPClientTransport already started! If using Client class, note that connect() calls start() automatically.",
      );
    }
    this.abortController = new AbortController();
  }

  async close(): Promise<void> {
    if (this.reconnectionTimeout) {
      clearTimeout(this.reconnectionTimeout);
      this.reconnectionTimeout = undefined;
    }
    this.abortController?.abort();
    for (const request of this.active) request.destroy(new Error("This operation was aborted"));
    this.active.clear();
    this.onclose?.();
  }

  private commonHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this._sessionId) headers["mcp-session-id"] = this._sessionId;
    if (this._protocolVersion) headers["mcp-protocol-version"] = this._protocolVersion;
    return Object.assign(headers, this.extraHeaders);
  }

  private request(method: string, headers: Record<string, string>, body?: string): Promise<Http1Response> {
    return new Promise((resolve, reject) => {
      const refusal = privateLiteralError(this.url, this.options.allowPrivate);
      if (refusal) {
        reject(refusal);
        return;
      }
      if (this.abortController?.signal.aborted) {
        reject(new Error("This operation was aborted"));
        return;
      }
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      // Headers are written as they are. Names are ours or checked in the constructor; values that came from the
      // upstream (session id, protocol version, event id) are checked here.
      const pairs: [string, string][] = "host" in headers ? [] : [["host", this.host]];
      for (const name in headers) {
        const value = headers[name] as string;
        if (!isValidHeaderValue(value)) {
          reject(new TypeError(`Invalid header value for ${name}`));
          return;
        }
        pairs.push([name, value]);
      }
      const exchange = http1Request(this.url, this.options.allowPrivate, method, pairs, body);
      this.active.add(exchange);
      exchange.once("close", () => this.active.delete(exchange));
      exchange.on("error", reject);
      exchange.on("response", resolve);
    });
  }

  /** request(), authorized when the upstream is an `oauth` one: after a 401, once more with a fresh token. */
  private async authorizedRequest(
    method: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Http1Response> {
    const authorization = this.options.authorization;
    if (!authorization) return this.request(method, headers, body);
    const sent = await authorization.header();
    const response = await this.request(method, { ...headers, authorization: sent }, body);
    if (response.statusCode !== 401) return response;
    response.resume();
    return this.request(method, { ...headers, authorization: await authorization.refused(sent) }, body);
  }

  /** What the SDK reports for a response it did not follow (a redirect), or undefined. */
  private unfollowed(response: Http1Response): string | undefined {
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

  async send(message: JSONRPCMessage | JSONRPCMessage[], options?: TransportSendOptions): Promise<void> {
    try {
      const { resumptionToken, onresumptiontoken } = options ?? {};
      if (resumptionToken) {
        const replayMessageId = isRpcRequest(message) ? message.id : undefined;
        this.startSse({ resumptionToken, replayMessageId }).catch((error: unknown) =>
          this.onerror?.(error as Error),
        );
        return;
      }
      const headers = this.commonHeaders();
      headers["content-type"] = "application/json";
      headers.accept = "application/json, text/event-stream";
      const response = await this.authorizedRequest("POST", headers, JSON.stringify(message));
      const sessionId = headerOf(response, "mcp-session-id");
      if (sessionId) this._sessionId = sessionId;
      if (!isOk(response)) {
        const text = await readText(response, this.maxMessageBytes).catch(() => null);
        throw new StreamableHTTPError(
          response.statusCode ?? 0,
          `Error POSTing to endpoint: ${this.unfollowed(response) ?? text}`,
        );
      }
      if (response.statusCode === 202) {
        response.resume();
        if (isInitializedMessage(message)) {
          this.startSse({ resumptionToken: undefined }).catch((error: unknown) =>
            this.onerror?.(error as Error),
          );
        }
        return;
      }
      const messages = Array.isArray(message) ? message : [message];
      const hasRequests = messages.some((msg) => "method" in msg && "id" in msg && msg.id !== undefined);
      const contentType = headerOf(response, "content-type");
      const mediaType = mediaTypeEssence(contentType ?? undefined);
      if (!hasRequests) {
        response.resume();
        return;
      }
      if (mediaType === "text/event-stream") {
        const requestIds = messages.filter(isRpcRequest).map((request) => request.id);
        this.handleSse(response, { onresumptiontoken }, false, requestIds);
      } else if (mediaType === "application/json") {
        const data: unknown = JSON.parse(await readText(response, this.maxMessageBytes));
        if (Array.isArray(data)) for (const reply of data.map(parseJsonRpcMessage)) this.onmessage?.(reply);
        else this.onmessage?.(markAnsweredAsJson(parseJsonRpcMessage(data)));
      } else {
        response.resume();
        throw new StreamableHTTPError(-1, `Unexpected content type: ${contentType}`);
      }
    } catch (error: unknown) {
      this.onerror?.(error as Error);
      throw error;
    }
  }

  private async startSse(options: SseOptions): Promise<void> {
    try {
      const headers = this.commonHeaders();
      headers.accept = "text/event-stream";
      if (options.resumptionToken) headers["last-event-id"] = options.resumptionToken;
      const response = await this.authorizedRequest("GET", headers);
      if (!isOk(response)) {
        response.resume();
        if (response.statusCode === 405) {
          this.reportUnanswered(options.requestIds, UNRESUMABLE);
          return;
        }
        throw new StreamableHTTPError(
          response.statusCode ?? 0,
          `Failed to open SSE stream: ${this.unfollowed(response) ?? response.statusMessage}`,
        );
      }
      this.handleSse(response, options, true, options.requestIds);
    } catch (error: unknown) {
      this.onerror?.(error as Error);
      throw error;
    }
  }

  private reconnectionDelay(attempt: number): number {
    if (this.serverRetryMs !== undefined) return this.serverRetryMs;
    return Math.min(RECONNECT.initialDelay * RECONNECT.growFactor ** attempt, RECONNECT.maxDelay);
  }

  private scheduleReconnection(options: SseOptions, attempt = 0): void {
    if (attempt >= RECONNECT.maxRetries) {
      this.onerror?.(new Error(`Maximum reconnection attempts (${RECONNECT.maxRetries}) exceeded.`));
      this.reportUnanswered(options.requestIds, UNRESUMABLE);
      return;
    }
    this.reconnectionTimeout = setTimeout(() => {
      this.startSse(options).catch((error: unknown) => {
        this.onerror?.(
          new Error(
            `Failed to reconnect SSE stream: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
        this.scheduleReconnection(options, attempt + 1);
      });
    }, this.reconnectionDelay(attempt));
  }

  /** Tells the caller that these requests will not be answered (nothing when there are none). */
  private reportUnanswered(requestIds: RequestId[] | undefined, message: string): void {
    if (!requestIds?.length || this.abortController?.signal.aborted) return;
    this.onerror?.(new UnansweredRequests(requestIds, "stream_ended", message));
  }

  /**
   * Reads an event stream: a GET stream (`reconnectable`), or the answer stream of a POST carrying `requestIds`
   * (also when it resumes one: a reconnection that ends for good reports them unanswered).
   */
  private handleSse(
    response: Http1Response,
    options: SseOptions,
    reconnectable: boolean,
    requestIds: RequestId[] = [],
  ): void {
    const { onresumptiontoken, replayMessageId } = options;
    const unanswered = new Set(requestIds);
    let lastEventId: string | undefined;
    let primed = false;
    let answered = false;
    let finished = false;
    const feed = createSseParser(
      (event) => {
        if (event.id) {
          lastEventId = event.id;
          primed = true;
          onresumptiontoken?.(event.id);
        }
        if (!event.data) return;
        if (event.event && event.event !== "message") return;
        try {
          const message = parseJsonRpcMessage(JSON.parse(event.data));
          if (isRpcResult(message)) {
            answered = true;
            if (replayMessageId !== undefined) message.id = replayMessageId;
          }
          if ("id" in message && !("method" in message)) unanswered.delete(message.id as RequestId);
          this.onmessage?.(message);
        } catch (error: unknown) {
          this.onerror?.(error as Error);
        }
      },
      (ms) => {
        this.serverRetryMs = ms;
      },
      this.maxMessageBytes,
    );
    const finish = (error: unknown) => {
      if (finished) return;
      finished = true;
      if (error !== undefined) this.onerror?.(new Error(`SSE stream disconnected: ${error}`));
      const aborted = !this.abortController || this.abortController.signal.aborted;
      const refused = error instanceof UpstreamError; // resuming would only send the same event again
      if ((reconnectable || primed) && !answered && !aborted && !refused) {
        try {
          const resume = { resumptionToken: lastEventId, onresumptiontoken, replayMessageId };
          this.scheduleReconnection({ ...resume, requestIds: [...unanswered] }, 0);
          return;
        } catch (failure: unknown) {
          this.onerror?.(
            new Error(`Failed to reconnect: ${failure instanceof Error ? failure.message : String(failure)}`),
          );
        }
      }
      if (unanswered.size > 0 && !aborted) {
        this.onerror?.(
          refused
            ? new UnansweredRequests([...unanswered], "message_too_large", error.message)
            : new UnansweredRequests(
                [...unanswered],
                "stream_ended",
                "the upstream ended the answer stream without answering",
              ),
        );
      }
    };
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      try {
        feed(chunk);
      } catch (error: unknown) {
        response.destroy(error as Error); // too large: stop reading, drop the connection
      }
    });
    response.once("end", () => finish(undefined));
    response.once("error", (error) => finish(error));
    response.once("close", () => {
      if (!response.complete) finish(new Error("aborted"));
    });
  }

  async terminateSession(): Promise<void> {
    if (!this._sessionId) return;
    try {
      const response = await this.authorizedRequest("DELETE", this.commonHeaders());
      response.resume();
      if (!isOk(response) && response.statusCode !== 405) {
        throw new StreamableHTTPError(
          response.statusCode ?? 0,
          `Failed to terminate session: ${this.unfollowed(response) ?? response.statusMessage}`,
        );
      }
      this._sessionId = undefined;
    } catch (error: unknown) {
      this.onerror?.(error as Error);
      throw error;
    }
  }

  async resumeStream(lastEventId: string, options?: { onresumptiontoken?: (token: string) => void }) {
    await this.startSse({ resumptionToken: lastEventId, onresumptiontoken: options?.onresumptiontoken });
  }
}
