/**
 * The Streamable HTTP client transport towards an upstream. It behaves like the MCP SDK's
 * StreamableHTTPClientTransport without an auth provider (same headers, status handling, error messages, SSE
 * parsing, resumption and reconnection) but runs on the lean HTTP/1.1 client of http1.ts (upstream-http.ts): no web
 * Response, ReadableStream or TextDecoderStream per call, and no node:http ClientRequest either. Every connection's
 * resolved address passes the SSRF guard (unless private upstreams are allowed); redirects are never followed.
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
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { UnansweredRequests, UpstreamError } from "./errors.js";
import {
  type EventStreamEnd,
  RECONNECT,
  readEventStream,
  reconnectionDelay,
  type SseOptions,
  UNRESUMABLE,
} from "./event-stream.js";
import { headerOf, isOk, readText } from "./http1-body.js";
import type { Http1Response } from "./http1-response.js";
import { isInitializedMessage, isRpcRequest, markAnsweredAsJson, parseJsonRpcMessage } from "./jsonrpc.js";
import { MAX_MESSAGE_BYTES } from "./message-size.js";
import type { UpstreamAuthorization } from "./oauth/upstream-authorization.js";
import { storedHeaderProblem } from "./stored-headers.js";
import { UpstreamHttp } from "./upstream-http.js";

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
  private readonly http: UpstreamHttp;
  private readonly maxMessageBytes: number;
  private abortController: AbortController | undefined;
  private _sessionId: string | undefined;
  private _protocolVersion: string | undefined;
  private serverRetryMs: number | undefined;
  private reconnectionTimeout: NodeJS.Timeout | undefined;

  constructor(url: URL, options: StreamableClientOptions) {
    for (const [key, value] of Object.entries(options.headers ?? {})) {
      // Checked once here: requests write headers as they are (see request()).
      const problem = storedHeaderProblem(key, value);
      if (problem) throw new TypeError(`Invalid stored header: ${problem}`);
      this.extraHeaders[key.toLowerCase()] = value;
    }
    this._sessionId = options.sessionId;
    this.http = new UpstreamHttp(
      url,
      options.allowPrivate,
      options.authorization,
      () => this.abortController?.signal,
    );
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
    this.http.destroyAll();
    this.onclose?.();
  }

  private commonHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this._sessionId) headers["mcp-session-id"] = this._sessionId;
    if (this._protocolVersion) headers["mcp-protocol-version"] = this._protocolVersion;
    return Object.assign(headers, this.extraHeaders);
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
      const response = await this.http.request("POST", headers, JSON.stringify(message));
      const sessionId = headerOf(response, "mcp-session-id");
      if (sessionId) this._sessionId = sessionId;
      if (!isOk(response)) {
        const text = await readText(response, this.maxMessageBytes).catch(() => null);
        throw new StreamableHTTPError(
          response.statusCode ?? 0,
          `Error POSTing to endpoint: ${this.http.unfollowed(response) ?? text}`,
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
      const response = await this.http.request("GET", headers);
      if (!isOk(response)) {
        response.resume();
        if (response.statusCode === 405) {
          this.reportUnanswered(options.requestIds, UNRESUMABLE);
          return;
        }
        throw new StreamableHTTPError(
          response.statusCode ?? 0,
          `Failed to open SSE stream: ${this.http.unfollowed(response) ?? response.statusMessage}`,
        );
      }
      this.handleSse(response, options, true, options.requestIds);
    } catch (error: unknown) {
      this.onerror?.(error as Error);
      throw error;
    }
  }

  private scheduleReconnection(options: SseOptions, attempt = 0): void {
    if (attempt >= RECONNECT.maxRetries) {
      this.onerror?.(new Error(`Maximum reconnection attempts (${RECONNECT.maxRetries}) exceeded.`));
      this.reportUnanswered(options.requestIds, UNRESUMABLE);
      return;
    }
    this.reconnectionTimeout = setTimeout(
      () => {
        this.startSse(options).catch((error: unknown) => {
          this.onerror?.(
            new Error(
              `Failed to reconnect SSE stream: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
          this.scheduleReconnection(options, attempt + 1);
        });
      },
      reconnectionDelay(attempt, this.serverRetryMs),
    );
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
    readEventStream(response, {
      requestIds,
      replayMessageId,
      maxBytes: this.maxMessageBytes,
      onresumptiontoken,
      onmessage: (message) => this.onmessage?.(message),
      onerror: (error) => this.onerror?.(error),
      onretry: (ms) => {
        this.serverRetryMs = ms;
      },
      onend: (end) => this.sseEnded(end, options, reconnectable),
    });
  }

  /** An event stream ended: resume it if it can be and is not answered yet, else report what it left unanswered. */
  private sseEnded(end: EventStreamEnd, options: SseOptions, reconnectable: boolean): void {
    const { error, unanswered } = end;
    if (error !== undefined) this.onerror?.(new Error(`SSE stream disconnected: ${error}`));
    const aborted = !this.abortController || this.abortController.signal.aborted;
    const refused = error instanceof UpstreamError; // resuming would only send the same event again
    if ((reconnectable || end.primed) && !end.answered && !aborted && !refused) {
      try {
        const { onresumptiontoken, replayMessageId } = options;
        const resume = { resumptionToken: end.lastEventId, onresumptiontoken, replayMessageId };
        this.scheduleReconnection({ ...resume, requestIds: unanswered }, 0);
        return;
      } catch (failure: unknown) {
        this.onerror?.(
          new Error(`Failed to reconnect: ${failure instanceof Error ? failure.message : String(failure)}`),
        );
      }
    }
    if (unanswered.length > 0 && !aborted) {
      this.onerror?.(
        refused
          ? new UnansweredRequests(unanswered, "message_too_large", error.message)
          : new UnansweredRequests(
              unanswered,
              "stream_ended",
              "the upstream ended the answer stream without answering",
            ),
      );
    }
  }

  async terminateSession(): Promise<void> {
    if (!this._sessionId) return;
    try {
      const response = await this.http.request("DELETE", this.commonHeaders());
      response.resume();
      if (!isOk(response) && response.statusCode !== 405) {
        throw new StreamableHTTPError(
          response.statusCode ?? 0,
          `Failed to terminate session: ${this.http.unfollowed(response) ?? response.statusMessage}`,
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
