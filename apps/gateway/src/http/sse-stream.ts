/** One SSE response of the Streamable HTTP transport: its headers (held until the first write), timers, keep-alive. */
import type { ServerResponse } from "node:http";

/** The SDK's keep-alive interval (server/sseKeepAlive.js). */
const KEEP_ALIVE_MS = 15_000;

// No `Connection` header of our own: Node writes `keep-alive` itself where the request allows it, and `close` (ending
// the socket after the stream) where the agent asked for `Connection: close`. Writing `keep-alive` here overrode that.
const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

export interface Stream {
  res: ServerResponse;
  keepAlive: NodeJS.Timeout | undefined;
  /** The SSE headers, kept until the first write: a lone JSON answer may still replace them (see sse-streams.ts). */
  sseHeaders: Record<string, string> | undefined;
  /** The POST carried exactly one request (its answer may go back as plain JSON). */
  single: boolean;
  /** Sends the priming event if the stream is still silent. */
  primer: NodeJS.Timeout | undefined;
}

export function newStream(res: ServerResponse, sessionId: string | undefined, single: boolean): Stream {
  const headers: Record<string, string> = { ...SSE_HEADERS };
  if (sessionId !== undefined) headers["mcp-session-id"] = sessionId;
  return { res, keepAlive: undefined, sseHeaders: headers, single, primer: undefined };
}

/** Writes the SSE status and headers if they have not gone yet. */
export function head(stream: Stream): void {
  if (!stream.sseHeaders) return;
  if (!stream.res.headersSent) stream.res.writeHead(200, stream.sseHeaders);
  stream.sseHeaders = undefined;
}

export function stopTimers(stream: Stream): void {
  if (stream.keepAlive) clearInterval(stream.keepAlive);
  if (stream.primer) clearTimeout(stream.primer);
}

/** Keep-alive comments while the stream stays open (SDK: every 15 s). */
export function startKeepAlive(stream: Stream): void {
  const { res } = stream;
  stream.keepAlive = setInterval(() => {
    if (res.writableEnded) return;
    head(stream);
    res.write(": keepalive\n\n");
  }, KEEP_ALIVE_MS);
  stream.keepAlive.unref();
}
