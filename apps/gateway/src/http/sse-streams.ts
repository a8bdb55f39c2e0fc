/**
 * The SSE streams of one Streamable HTTP session, and where each outgoing message goes: the stream of the POST that
 * carried the request it relates to, else the GET stream. Every event is logged with an id (stream-log.ts) so that
 * an agent whose connection broke can resume a stream; a POST stream's last answer ends it — as plain JSON when it
 * answers a lone request the upstream answered with plain JSON, so the agent sees what it would see directly.
 */
import type { ServerResponse } from "node:http";
import { answeredAsJson, isRpcResponse } from "@gatehouse/upstream";
import type { TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { sendJson } from "./respond.js";
import { head, newStream, type Stream, startKeepAlive, stopTimers } from "./sse-stream.js";
import { StreamLog } from "./stream-log.js";
import { droppedForFallingBehind } from "./unread-limit.js";

export const STANDALONE = "_GET_stream";
/** How long the events of a POST stream whose agent went away are kept for its resume. */
const RESUME_WINDOW_MS = 60_000;
const PRIMING_DELAY_MS = 1000;
/** Streams are only keys inside one transport: a counter names them as well as a UUID would, for less CPU. */
let streamCounter = 0;

export class SseStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly requestToStream = new Map<RequestId, string>();
  private readonly responses = new Map<RequestId, JSONRPCMessage>();
  /** The events of each stream that may still be resumed (see stream-log.ts). */
  private readonly logs = new Map<string, StreamLog>();
  private closed = false;

  constructor(
    private readonly sessionId: () => string | undefined,
    private readonly onerror: (error: Error) => void,
  ) {}

  /** Whether a request id is waiting for its answer on some stream. */
  inUse(id: RequestId): boolean {
    return this.requestToStream.has(id);
  }

  get hasStandalone(): boolean {
    return this.streams.has(STANDALONE);
  }

  /** Opens the GET stream on `res`. */
  openStandalone(res: ServerResponse): void {
    if (!this.logs.has(STANDALONE)) this.logs.set(STANDALONE, new StreamLog(STANDALONE, true));
    this.armKeepAlive(STANDALONE, this.openSse(res, STANDALONE, true));
  }

  /**
   * A POST's stream on `res` for `requestIds`; `prime`: send a priming event if it stays silent. `started()` once
   * the messages are handed on; `abandon()` if they could not be.
   */
  openPost(
    res: ServerResponse,
    requestIds: RequestId[],
    single: boolean,
    prime: boolean,
  ): { started(): void; abandon(): void } {
    streamCounter += 1;
    const streamId = `post-${streamCounter}`;
    this.logs.set(streamId, new StreamLog(streamId, false));
    const stream = this.openSse(res, streamId, false, single);
    if (prime) {
      stream.primer = setTimeout(() => this.prime(streamId, stream), PRIMING_DELAY_MS);
      stream.primer.unref();
    }
    for (const id of requestIds) this.requestToStream.set(id, streamId);
    return {
      started: () => this.armKeepAlive(streamId, stream),
      abandon: () => {
        this.endStream(streamId, stream);
        this.forgetStream(streamId);
      },
    };
  }

  /**
   * A GET with Last-Event-ID on `res`: the events the agent missed, then the rest of that stream. "unknown": the id
   * names no stream that can be resumed; "connected": that stream has a connection already.
   */
  resume(
    res: ServerResponse,
    last: { streamId: string; sequence: number },
  ): "unknown" | "connected" | undefined {
    const log = this.logs.get(last.streamId);
    if (!log || log.overflowed) return "unknown";
    if (this.streams.has(last.streamId)) return "connected";
    if (log.expiry) clearTimeout(log.expiry);
    log.expiry = undefined;
    const stream = this.openSse(res, last.streamId, true);
    const missed = log.after(last.sequence);
    if (log.complete) {
      this.dropStream(last.streamId, stream);
      this.forgetLog(last.streamId);
      res.end(missed);
      return undefined;
    }
    if (missed) res.write(missed);
    this.armKeepAlive(last.streamId, stream);
    return undefined;
  }

  closeAll(): void {
    this.closed = true;
    for (const [streamId, stream] of [...this.streams]) this.endStream(streamId, stream);
    this.streams.clear();
    this.responses.clear();
    for (const log of this.logs.values()) log.dispose();
    this.logs.clear();
  }

  /**
   * Starts an SSE response for `streamId`: the GET stream's headers go out at once, a POST's with its first write
   * (so that a lone answer the upstream gave as plain JSON can go back as plain JSON instead).
   */
  private openSse(res: ServerResponse, streamId: string, flush: boolean, single = false): Stream {
    const stream = newStream(res, this.sessionId(), single);
    if (flush) {
      head(stream);
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
    stopTimers(stream);
    if (this.streams.get(streamId) === stream) this.streams.delete(streamId);
  }

  /**
   * A stream's connection closed. A POST stream that can be resumed (the agent holds one of its ids) waits
   * RESUME_WINDOW_MS for the agent; otherwise its requests are forgotten, and what is still to come for them goes
   * to the GET stream (see the relay's reply). The GET stream's log stays until the session ends.
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
    // The requests a closed stream was to answer: their answers, if they still come, have nowhere to go.
    for (const [id, sid] of this.requestToStream) {
      if (sid !== streamId) continue;
      this.requestToStream.delete(id);
      this.responses.delete(id);
    }
    this.forgetLog(streamId);
  }

  private forgetLog(streamId: string): void {
    this.logs.get(streamId)?.dispose();
    this.logs.delete(streamId);
  }

  private endStream(streamId: string, stream: Stream): void {
    this.dropStream(streamId, stream);
    head(stream);
    stream.res.end();
  }

  private armKeepAlive(streamId: string, stream: Stream): void {
    if (!this.closed && this.streams.get(streamId) === stream) startKeepAlive(stream);
  }

  /** A message as SSE data (undefined when it cannot be serialized). */
  private serialize(message: JSONRPCMessage): string | undefined {
    try {
      return JSON.stringify(message);
    } catch (error: unknown) {
      this.onerror(error as Error);
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
    head(stream);
    stream.res.write(text);
    const log = this.logs.get(streamId);
    if (log) log.idSent = true; // the agent now holds an id of this stream, so it can resume it
  }

  private prime(streamId: string, stream: Stream): void {
    stream.primer = undefined;
    const log = this.logs.get(streamId);
    if (!log || this.streams.get(streamId) !== stream || !stream.sseHeaders) return; // gone, or not silent
    head(stream);
    stream.res.write(log.priming());
    log.idSent = true;
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): void {
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
    this.finish(streamId, message);
  }

  /** The last answer of a POST's stream. */
  private finish(streamId: string, message: JSONRPCMessage): void {
    const stream = this.streams.get(streamId);
    if (!stream) {
      if (this.closed) return;
      const log = this.logs.get(streamId);
      if (!log)
        throw new Error(
          `No connection established for request ID: ${String((message as { id: RequestId }).id)}`,
        );
      // The agent is away but may resume: its last answer waits in the log.
      this.emit(streamId, message);
      log.complete = true;
      return;
    }
    this.dropStream(streamId, stream);
    if (stream.single && stream.sseHeaders && answeredAsJson(message)) {
      // The upstream answered this lone request with plain JSON and nothing else was sent: answer the same way.
      const sessionId = this.sessionId();
      this.forgetLog(streamId);
      sendJson(stream.res, 200, message, sessionId === undefined ? {} : { "mcp-session-id": sessionId });
      return;
    }
    // The last answer of the POST: its event and the end of the stream leave in one write.
    const data = stream.res.writableEnded ? undefined : this.serialize(message);
    const text = data === undefined ? "" : this.frame(streamId, data);
    this.forgetLog(streamId); // delivered: nothing of this stream is left to resume
    head(stream);
    stream.res.end(text);
  }
}
