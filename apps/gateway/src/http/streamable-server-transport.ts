/**
 * The agent-facing Streamable HTTP transport, on node:http directly. It behaves like the MCP SDK's
 * StreamableHTTPServerTransport with an event store (stateful, no DNS-rebinding options: the router checks Host and
 * Origin) — same validation order, status codes, error bodies, headers and SSE framing — without the SDK's
 * Node-to-web-standard adapter (a web Request and Response and a ReadableStream per HTTP request), which was most of
 * the gateway's CPU per call. POSTs are answered with SSE, except that a lone request the upstream answered with
 * plain JSON is answered with plain JSON, so the agent sees what it would see without the gateway.
 *
 * Streams are resumable (stream-log.ts): every event has an id, and an agent whose connection broke gets what it
 * missed, and the rest of the stream, by a GET with `Last-Event-ID`, for RESUME_WINDOW_MS. A POST stream that has
 * sent nothing for PRIMING_DELAY_MS gets a priming event (an id, no message), so that a long silent call can be
 * resumed too; as in the SDK, only for agents on protocol 2025-11-25 or later, which accept an event without data.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  answeredAsJson,
  isInitializeMessage,
  isRpcRequest,
  isRpcResponse,
  parseJsonRpcMessage,
} from "@gatehouse/upstream";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { isJsonContentType } from "@modelcontextprotocol/sdk/shared/mediaType.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type JSONRPCMessage,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import { HTTP_ANSWERS, type HttpAnswer } from "../answers.js";
import { sendAnswer, sendJson } from "./respond.js";
import { parseEventId, StreamLog } from "./stream-log.js";
import { droppedForFallingBehind } from "./unread-limit.js";

/** The SDK's limits (server/requestBody.js, server/sseKeepAlive.js). */
const MAX_BATCH_SIZE = 100;
const KEEP_ALIVE_MS = 15_000;
const STANDALONE = "_GET_stream";
/** How long the events of a POST stream whose agent went away are kept for its resume. */
const RESUME_WINDOW_MS = 60_000;
const PRIMING_DELAY_MS = 1000;
/** The first protocol version whose clients accept an event without data (the SDK's rule). */
const PRIMING_SINCE = "2025-11-25";
/** Streams are only keys inside one transport: a counter names them as well as a UUID would, for less CPU. */
let streamCounter = 0;

const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

interface Stream {
  res: ServerResponse;
  keepAlive: NodeJS.Timeout | undefined;
  /** The SSE headers, kept until the first write: a lone JSON answer may still replace them (see send()). */
  sseHeaders: Record<string, string> | undefined;
  /** The POST carried exactly one request (its answer may go back as plain JSON). */
  single: boolean;
  /** Sends the priming event if the stream is still silent (see PRIMING_DELAY_MS). */
  primer: NodeJS.Timeout | undefined;
}

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

export class StreamableServerTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];

  private started = false;
  private initialized = false;
  private closed = false;
  private readonly streams = new Map<string, Stream>();
  private readonly requestToStream = new Map<RequestId, string>();
  private readonly responses = new Map<RequestId, JSONRPCMessage>();
  /** The events of each stream that may still be resumed (see stream-log.ts). */
  private readonly logs = new Map<string, StreamLog>();

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

  /**
   * Starts an SSE response for `streamId`: the GET stream's headers go out at once, a POST's with its first write
   * (so that a lone answer the upstream gave as plain JSON can go back as plain JSON instead).
   */
  private openSse(res: ServerResponse, streamId: string, flush: boolean, single = false): Stream {
    const headers: Record<string, string> = { ...SSE_HEADERS };
    if (this.sessionId !== undefined) headers["mcp-session-id"] = this.sessionId;
    const stream: Stream = { res, keepAlive: undefined, sseHeaders: headers, single, primer: undefined };
    if (flush) {
      this.head(stream);
      res.flushHeaders();
    }
    this.streams.set(streamId, stream);
    // The agent went away (or the stream ended): stop writing to it, and keep its events for a resume.
    res.once("close", () => {
      this.dropStream(streamId, stream);
      this.agentLeft(streamId);
    });
    return stream;
  }

  private dropStream(streamId: string, stream: Stream): void {
    if (stream.keepAlive) clearInterval(stream.keepAlive);
    if (stream.primer) clearTimeout(stream.primer);
    if (this.streams.get(streamId) === stream) this.streams.delete(streamId);
  }

  /**
   * A stream's connection closed. A POST stream that can be resumed (the agent holds one of its ids) waits
   * RESUME_WINDOW_MS for the agent; otherwise its requests are forgotten, and what is still to come for them goes
   * to the GET stream (see the relay's sendDownstream). The GET stream's log stays until the session ends.
   */
  private agentLeft(streamId: string): void {
    if (streamId === STANDALONE) return;
    const log = this.logs.get(streamId);
    if (!log?.idSent || log.overflowed || this.closed) {
      this.forgetStream(streamId);
      return;
    }
    log.expiry = setTimeout(() => this.forgetStream(streamId), RESUME_WINDOW_MS);
    log.expiry.unref();
  }

  private forgetStream(streamId: string): void {
    this.forgetRequests(streamId);
    this.forgetLog(streamId);
  }

  private forgetLog(streamId: string): void {
    this.logs.get(streamId)?.dispose();
    this.logs.delete(streamId);
  }

  /** The requests a closed stream was to answer: their answers, if they still come, have nowhere to go. */
  private forgetRequests(streamId: string): void {
    for (const [id, sid] of this.requestToStream) {
      if (sid !== streamId) continue;
      this.requestToStream.delete(id);
      this.responses.delete(id);
    }
  }

  /** Writes the SSE status and headers if they have not gone yet. */
  private head(stream: Stream): void {
    if (!stream.sseHeaders) return;
    if (!stream.res.headersSent) stream.res.writeHead(200, stream.sseHeaders);
    stream.sseHeaders = undefined;
  }

  private endStream(streamId: string, stream: Stream): void {
    this.dropStream(streamId, stream);
    this.head(stream);
    stream.res.end();
  }

  /** Keep-alive comments while the stream stays open (SDK: every 15 s). */
  private armKeepAlive(streamId: string, stream: Stream): void {
    if (this.closed || this.streams.get(streamId) !== stream) return;
    const { res } = stream;
    stream.keepAlive = setInterval(() => {
      if (res.writableEnded) return;
      this.head(stream);
      res.write(": keepalive\n\n");
    }, KEEP_ALIVE_MS);
    stream.keepAlive.unref();
  }

  private handleGet(req: IncomingMessage, res: ServerResponse): void {
    if (!header(req, "accept")?.includes("text/event-stream")) {
      this.refuse(res, HTTP_ANSWERS.getNotAcceptable);
      return;
    }
    if (!this.validate(req, res)) return;
    const lastEventId = header(req, "last-event-id");
    if (lastEventId !== null) {
      this.resume(res, lastEventId);
      return;
    }
    if (this.streams.get(STANDALONE) !== undefined) {
      this.refuse(res, HTTP_ANSWERS.secondGetStream);
      return;
    }
    if (!this.logs.has(STANDALONE)) this.logs.set(STANDALONE, new StreamLog(STANDALONE, true));
    this.armKeepAlive(STANDALONE, this.openSse(res, STANDALONE, true));
  }

  /** A GET with Last-Event-ID: the events the agent missed, then the rest of that stream on this response. */
  private resume(res: ServerResponse, lastEventId: string): void {
    const last = parseEventId(lastEventId);
    const log = last && this.logs.get(last.streamId);
    if (!last || !log || log.overflowed) {
      this.refuse(res, HTTP_ANSWERS.unknownResumeId);
      return;
    }
    if (this.streams.has(last.streamId)) {
      this.refuse(res, HTTP_ANSWERS.streamConnected);
      return;
    }
    if (log.expiry) clearTimeout(log.expiry);
    log.expiry = undefined;
    const stream = this.openSse(res, last.streamId, true);
    const missed = log.after(last.sequence);
    if (log.complete) {
      this.dropStream(last.streamId, stream);
      this.forgetLog(last.streamId);
      res.end(missed);
      return;
    }
    if (missed) res.write(missed);
    this.armKeepAlive(last.streamId, stream);
  }

  private async handlePost(req: IncomingMessage, res: ServerResponse, rawMessage: unknown): Promise<void> {
    try {
      const accept = header(req, "accept");
      if (!accept?.includes("application/json") || !accept.includes("text/event-stream")) {
        this.refuse(res, HTTP_ANSWERS.postNotAcceptable);
        return;
      }
      if (!isJsonContentType(contentType(req) ?? undefined)) {
        this.refuse(res, HTTP_ANSWERS.unsupportedMediaType);
        return;
      }
      if (Array.isArray(rawMessage) && rawMessage.length > MAX_BATCH_SIZE) {
        this.refuse(res, HTTP_ANSWERS.batchTooLarge(MAX_BATCH_SIZE));
        return;
      }
      let messages: JSONRPCMessage[];
      try {
        messages = Array.isArray(rawMessage)
          ? rawMessage.map(parseJsonRpcMessage)
          : [parseJsonRpcMessage(rawMessage)];
      } catch {
        this.refuse(res, HTTP_ANSWERS.invalidMessage);
        return;
      }
      if (this.closed) {
        sendAnswer(res, HTTP_ANSWERS.sessionNotFound);
        return;
      }
      const initializing = messages.some(isInitializeMessage);
      if (initializing) {
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
      if (!messages.some(isRpcRequest)) {
        for (const message of messages) this.onmessage?.(message, extra);
        res.writeHead(202);
        res.end();
        return;
      }
      streamCounter += 1;
      const streamId = `post-${streamCounter}`;
      this.logs.set(streamId, new StreamLog(streamId, false));
      const stream = this.openSse(res, streamId, false, messages.length === 1);
      const version = header(req, "mcp-protocol-version");
      if (version !== null && version >= PRIMING_SINCE) {
        stream.primer = setTimeout(() => this.prime(streamId, stream), PRIMING_DELAY_MS);
        stream.primer.unref();
      }
      for (const message of messages) {
        if (isRpcRequest(message)) this.requestToStream.set(message.id, streamId);
      }
      try {
        for (const message of messages) this.onmessage?.(message, extra);
      } catch (error: unknown) {
        this.endStream(streamId, stream);
        this.forgetStream(streamId);
        throw error;
      }
      this.armKeepAlive(streamId, stream);
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
      return isRpcRequest(only) && this.requestToStream.has(only.id);
    }
    const seen = new Set<RequestId>();
    for (const message of messages) {
      if (!isRpcRequest(message)) continue;
      if (seen.has(message.id) || this.requestToStream.has(message.id)) return true;
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
    for (const [streamId, stream] of [...this.streams]) this.endStream(streamId, stream);
    this.streams.clear();
    this.responses.clear();
    for (const log of this.logs.values()) log.dispose();
    this.logs.clear();
    this.onclose?.();
  }

  /** A message as SSE data (undefined when it cannot be serialized). */
  private serialize(message: JSONRPCMessage): string | undefined {
    try {
      return JSON.stringify(message);
    } catch (error: unknown) {
      this.onerror?.(error as Error);
      return undefined;
    }
  }

  /** The SSE event for a message, logged with its id when the stream can be resumed. */
  private frame(streamId: string, data: string): string {
    const log = this.logs.get(streamId);
    return log ? log.append(data) : `event: message\ndata: ${data}\n\n`;
  }

  /** Writes a message to its stream if the agent is connected, and logs it for a resume either way. */
  private emit(streamId: string, message: JSONRPCMessage): void {
    const stream = this.streams.get(streamId);
    if (stream && droppedForFallingBehind(stream.res)) return;
    const data = this.serialize(message);
    if (data === undefined) return;
    const text = this.frame(streamId, data);
    if (!stream || stream.res.writableEnded) return;
    this.head(stream);
    stream.res.write(text);
    const log = this.logs.get(streamId);
    if (log) log.idSent = true; // the agent now holds an id of this stream, so it can resume it
  }

  private prime(streamId: string, stream: Stream): void {
    stream.primer = undefined;
    const log = this.logs.get(streamId);
    if (!log || this.streams.get(streamId) !== stream || !stream.sseHeaders) return; // gone, or not silent
    this.head(stream);
    stream.res.write(log.priming());
    log.idSent = true;
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const response = isRpcResponse(message);
    let requestId = options?.relatedRequestId;
    if (response) requestId = (message as { id: RequestId }).id;
    if (requestId === undefined) {
      if (response) {
        throw new Error(
          "Cannot send a response on a standalone SSE stream unless resuming a previous client request",
        );
      }
      this.emit(STANDALONE, message);
      return;
    }
    const streamId = this.requestToStream.get(requestId);
    if (!streamId) throw new Error(`No connection established for request ID: ${String(requestId)}`);
    if (!response) {
      this.emit(streamId, message);
      return;
    }
    this.responses.set(requestId, message);
    const related: RequestId[] = [];
    for (const [id, sid] of this.requestToStream) if (sid === streamId) related.push(id);
    if (!related.every((id) => this.responses.has(id))) {
      this.emit(streamId, message);
      return;
    }
    for (const id of related) {
      this.responses.delete(id);
      this.requestToStream.delete(id);
    }
    const stream = this.streams.get(streamId);
    if (!stream) {
      if (this.closed) return;
      const log = this.logs.get(streamId);
      if (!log) throw new Error(`No connection established for request ID: ${String(requestId)}`);
      // The agent is away but may resume: its last answer waits in the log.
      this.emit(streamId, message);
      log.complete = true;
      return;
    }
    this.dropStream(streamId, stream);
    if (stream.single && stream.sseHeaders && answeredAsJson(message)) {
      // The upstream answered this lone request with plain JSON and nothing else was sent: answer the same way.
      const session: Record<string, string> =
        this.sessionId === undefined ? {} : { "mcp-session-id": this.sessionId };
      this.forgetLog(streamId);
      sendJson(stream.res, 200, message, session);
      return;
    }
    // The last answer of the POST: its event and the end of the stream leave in one write.
    const data = stream.res.writableEnded ? undefined : this.serialize(message);
    const text = data === undefined ? "" : this.frame(streamId, data);
    this.forgetLog(streamId); // delivered: nothing of this stream is left to resume
    this.head(stream);
    stream.res.end(text);
  }
}
