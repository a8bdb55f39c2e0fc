/**
 * Reading one Server-Sent Events response of a Streamable HTTP upstream (sse-parser.ts): each event's JSON-RPC
 * message handed on, its id kept as the resumption token, and — when the stream ends, breaks or is refused as too
 * large — what a resumption needs to know: the last event id, whether an answer came, which requests are left.
 */
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Http1Response } from "./http1-response.js";
import { isRpcResult, parseJsonRpcMessage } from "./jsonrpc.js";
import { createSseParser } from "./sse-parser.js";

export const UNRESUMABLE = "the upstream's answer stream broke and could not be resumed";

/** The SDK's default reconnection options. */
export const RECONNECT = { initialDelay: 1000, maxDelay: 30_000, growFactor: 1.5, maxRetries: 2 };

/** How long to wait before resuming a broken stream: the server's `retry` when it sent one, else the SDK's backoff. */
export function reconnectionDelay(attempt: number, serverRetryMs: number | undefined): number {
  if (serverRetryMs !== undefined) return serverRetryMs;
  return Math.min(RECONNECT.initialDelay * RECONNECT.growFactor ** attempt, RECONNECT.maxDelay);
}

/** How an event stream is opened or resumed. */
export interface SseOptions {
  resumptionToken?: string | undefined;
  onresumptiontoken?: ((token: string) => void) | undefined;
  replayMessageId?: RequestId | undefined;
  /** Requests of the POST whose answer stream this resumes, still unanswered. */
  requestIds?: RequestId[] | undefined;
}

export interface EventStreamEnd {
  /** Why it ended, when it did not end cleanly. */
  error: unknown;
  lastEventId: string | undefined;
  /** An event with an id came: the stream can be resumed. */
  primed: boolean;
  /** A result came (the stream answered its request). */
  answered: boolean;
  /** The requests it was to answer and did not. */
  unanswered: RequestId[];
}

export interface EventStreamOptions {
  requestIds: RequestId[];
  /** A resumed stream answers the request it replays under that request's id. */
  replayMessageId: RequestId | undefined;
  maxBytes: number;
  onresumptiontoken: ((token: string) => void) | undefined;
  onmessage(message: JSONRPCMessage): void;
  onerror(error: Error): void;
  onretry(ms: number): void;
  onend(end: EventStreamEnd): void;
}

export function readEventStream(response: Http1Response, options: EventStreamOptions): void {
  const { onresumptiontoken, replayMessageId } = options;
  const unanswered = new Set(options.requestIds);
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
        options.onmessage(message);
      } catch (error: unknown) {
        options.onerror(error as Error);
      }
    },
    options.onretry,
    options.maxBytes,
  );
  const finish = (error: unknown) => {
    if (finished) return;
    finished = true;
    options.onend({ error, lastEventId, primed, answered, unanswered: [...unanswered] });
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
