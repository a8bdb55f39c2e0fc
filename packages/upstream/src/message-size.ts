/**
 * The largest answer read from an upstream: a JSON body, or one SSE event. Tool results this large are already far
 * beyond what a model can take in; without a bound, one upstream could exhaust the memory of a gateway that every
 * account shares.
 */
import type { IncomingMessage } from "node:http";
import { UpstreamError } from "./errors.js";

export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export function tooLarge(limit: number): UpstreamError {
  return new UpstreamError(
    "message_too_large",
    `the upstream's answer is larger than the gateway accepts (${Math.round(limit / 1024 / 1024)} MB)`,
  );
}

/** Two line breaks in a row (LF LF, LF CR, CR CR, and so every CRLF form): the end of an SSE event. */
const EVENT_ENDS = ["\n\n", "\n\r", "\r\r"];

/**
 * Drops a node:http response (the fetch the SDK's transports use) once more than `limit` bytes arrive without an
 * event ending, for an event stream, or in all, for any other body. Each chunk is looked at once.
 */
export function guardMessageSize(response: IncomingMessage, limit: number): void {
  const eventStream = (response.headers["content-type"] ?? "").toLowerCase().startsWith("text/event-stream");
  let run = 0;
  let tail: Buffer = Buffer.alloc(0); // the last bytes of the previous chunk, for an event end split across chunks
  response.on("data", (chunk: Buffer) => {
    if (!eventStream) run += chunk.length;
    else {
      const view = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
      let end = -1;
      for (const mark of EVENT_ENDS) {
        const at = view.lastIndexOf(mark);
        if (at !== -1) end = Math.max(end, at + mark.length);
      }
      run = end === -1 ? run + chunk.length : view.length - end;
      tail = view.subarray(Math.max(0, view.length - 1));
    }
    if (run > limit) response.destroy(tooLarge(limit));
  });
}
