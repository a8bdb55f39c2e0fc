/**
 * The agent-facing Streamable HTTP transport, on node:http directly. It behaves like the MCP SDK's
 * StreamableHTTPServerTransport with an event store (stateful, no DNS-rebinding options: the router checks Host and
 * Origin) — same validation order, status codes, error bodies, headers and SSE framing — without the SDK's
 * Node-to-web-standard adapter (a web Request and Response and a ReadableStream per HTTP request), which was most of
 * the gateway's CPU per call. This module answers the HTTP requests; sse-streams.ts writes the streams.
 *
 * Streams are resumable (stream-log.ts): every event has an id, and an agent whose connection broke gets what it
 * missed, and the rest of the stream, by a GET with `Last-Event-ID`. A POST stream that stays silent gets a priming
 * event (an id, no message), so that a long silent call can be resumed too; as in the SDK, only for agents on
 * protocol 2025-11-25 or later, which accept an event without data.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isInitializeMessage, isRpcRequest, parseJsonRpcMessage } from "@gatehouse/upstream";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { isJsonContentType } from "@modelcontextprotocol/sdk/shared/mediaType.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type JSONRPCMessage,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import { HTTP_ANSWERS, type HttpAnswer } from "../answers.js";
import { sendAnswer } from "./respond.js";
import { SseStreams } from "./sse-streams.js";
import { parseEventId } from "./stream-log.js";

/** The SDK's batch limit (server/requestBody.js). */
const MAX_BATCH_SIZE = 100;
/** The first protocol version whose clients accept an event without data (the SDK's rule). */
const PRIMING_SINCE = "2025-11-25";

export interface StreamableServerOptions {
  sessionIdGenerator: () => string;
  onsessionclosed?: (sessionId: string | undefined) => void | Promise<void>;
}

/** A request header as a web `Headers.get` reads it: repeated headers joined with ", ", absent as null. */
function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Node keeps only the first Content-Type of several; a web Request joins them (and the SDK then refuses it). */
function contentType(req: IncomingMessage): string | null {
  const raw = req.rawHeaders;
  let found: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.length === 12 && raw[i]?.toLowerCase() === "content-type") {
      found = found === null ? (raw[i + 1] ?? "") : `${found}, ${raw[i + 1] ?? ""}`;
    }
  }
  return found;
}

/** The messages of a POST, or the answer that refuses it (the SDK's checks, in its order). */
function postedMessages(req: IncomingMessage, raw: unknown): JSONRPCMessage[] | HttpAnswer {
  const accept = header(req, "accept");
  if (!accept?.includes("application/json") || !accept.includes("text/event-stream")) {
    return HTTP_ANSWERS.postNotAcceptable;
  }
  if (!isJsonContentType(contentType(req) ?? undefined)) return HTTP_ANSWERS.unsupportedMediaType;
  if (Array.isArray(raw) && raw.length > MAX_BATCH_SIZE) return HTTP_ANSWERS.batchTooLarge(MAX_BATCH_SIZE);
  try {
    return Array.isArray(raw) ? raw.map(parseJsonRpcMessage) : [parseJsonRpcMessage(raw)];
  } catch {
    return HTTP_ANSWERS.invalidMessage;
  }
}

export class StreamableServerTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];

  private started = false;
  private initialized = false;
  private closed = false;
  private readonly streams = new SseStreams(
    () => this.sessionId,
    (error) => this.onerror?.(error),
  );

  constructor(private readonly options: StreamableServerOptions) {}

  async start(): Promise<void> {
    if (this.started) throw new Error("Transport already started");
    this.started = true;
  }

  /** Continues a session initialized elsewhere (another replica): same id, no initialize. */
  adopt(sessionId: string): void {
    this.sessionId = sessionId;
    this.initialized = true;
  }

  private refuse(res: ServerResponse, answer: HttpAnswer): void {
    this.onerror?.(new Error(answer.message));
    sendAnswer(res, answer);
  }

  async handleRequest(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void> {
    if (this.closed) {
      sendAnswer(res, HTTP_ANSWERS.sessionNotFound);
      return;
    }
    switch (req.method) {
      case "POST":
        return this.handlePost(req, res, parsedBody);
      case "GET":
        return this.handleGet(req, res);
      case "DELETE":
        return this.handleDelete(req, res);
      default:
        this.refuse(res, HTTP_ANSWERS.methodNotAllowed("GET, POST, DELETE"));
    }
  }

  /** The session and protocol-version checks every request after initialize passes; false when it answered. */
  private validate(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.initialized) {
      this.refuse(res, HTTP_ANSWERS.notInitialized);
      return false;
    }
    const sessionId = header(req, "mcp-session-id");
    if (!sessionId) {
      this.refuse(res, HTTP_ANSWERS.sessionIdRequired);
      return false;
    }
    if (sessionId !== this.sessionId) {
      this.refuse(res, HTTP_ANSWERS.sessionNotFound);
      return false;
    }
    const version = header(req, "mcp-protocol-version");
    if (version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      this.refuse(res, HTTP_ANSWERS.unsupportedProtocolVersion(version, SUPPORTED_PROTOCOL_VERSIONS));
      return false;
    }
    return true;
  }

  private handleGet(req: IncomingMessage, res: ServerResponse): void {
    if (!header(req, "accept")?.includes("text/event-stream")) {
      this.refuse(res, HTTP_ANSWERS.getNotAcceptable);
      return;
    }
    if (!this.validate(req, res)) return;
    const lastEventId = header(req, "last-event-id");
    if (lastEventId !== null) {
      // The events the agent missed, then the rest of that stream on this response.
      const last = parseEventId(lastEventId);
      const refused = last ? this.streams.resume(res, last) : "unknown";
      if (refused === "unknown") this.refuse(res, HTTP_ANSWERS.unknownResumeId);
      if (refused === "connected") this.refuse(res, HTTP_ANSWERS.streamConnected);
      return;
    }
    if (this.streams.hasStandalone) {
      this.refuse(res, HTTP_ANSWERS.secondGetStream);
      return;
    }
    this.streams.openStandalone(res);
  }

  private async handlePost(req: IncomingMessage, res: ServerResponse, rawMessage: unknown): Promise<void> {
    try {
      const messages = postedMessages(req, rawMessage);
      if (!Array.isArray(messages)) {
        this.refuse(res, messages);
        return;
      }
      if (this.closed) {
        sendAnswer(res, HTTP_ANSWERS.sessionNotFound);
        return;
      }
      if (messages.some(isInitializeMessage)) {
        if (this.initialized && this.sessionId !== undefined) {
          this.refuse(res, HTTP_ANSWERS.alreadyInitialized);
          return;
        }
        if (messages.length > 1) {
          this.refuse(res, HTTP_ANSWERS.oneInitializeOnly);
          return;
        }
        this.sessionId = this.options.sessionIdGenerator();
        this.initialized = true;
      } else if (!this.validate(req, res)) {
        return;
      }
      if (this.closed) {
        sendAnswer(res, HTTP_ANSWERS.sessionNotFound);
        return;
      }
      if (this.reusesRequestId(messages)) {
        this.refuse(res, HTTP_ANSWERS.duplicateRequestId);
        return;
      }
      // Who sent them (the endpoint's authentication), as the SDK's transports pass it on.
      const authInfo = (req as IncomingMessage & { auth?: AuthInfo }).auth;
      const extra = authInfo ? { authInfo } : undefined;
      const requestIds: RequestId[] = [];
      for (const message of messages) if (isRpcRequest(message)) requestIds.push(message.id);
      if (requestIds.length === 0) {
        for (const message of messages) this.onmessage?.(message, extra);
        res.writeHead(202);
        res.end();
        return;
      }
      const version = header(req, "mcp-protocol-version");
      const prime = version !== null && version >= PRIMING_SINCE;
      const stream = this.streams.openPost(res, requestIds, messages.length === 1, prime);
      try {
        for (const message of messages) this.onmessage?.(message, extra);
      } catch (error: unknown) {
        stream.abandon();
        throw error;
      }
      stream.started();
    } catch (error: unknown) {
      this.onerror?.(error as Error);
      if (res.headersSent) res.end();
      else sendAnswer(res, HTTP_ANSWERS.parseError, String(error));
    }
  }

  /** Whether a request reuses the id of another in the same POST or of one still waiting for its answer. */
  private reusesRequestId(messages: JSONRPCMessage[]): boolean {
    if (messages.length === 1) {
      const only = messages[0] as JSONRPCMessage;
      return isRpcRequest(only) && this.streams.inUse(only.id);
    }
    const seen = new Set<RequestId>();
    for (const message of messages) {
      if (!isRpcRequest(message)) continue;
      if (seen.has(message.id) || this.streams.inUse(message.id)) return true;
      seen.add(message.id);
    }
    return false;
  }

  private async handleDelete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.validate(req, res)) return;
    try {
      await this.options.onsessionclosed?.(this.sessionId);
    } finally {
      await this.close();
    }
    res.writeHead(200);
    res.end();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.streams.closeAll();
    this.onclose?.();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    this.streams.send(message, options);
  }
}
