/**
 * The parser of an upstream's Server-Sent Events stream (the Streamable HTTP client's answer streams), with
 * eventsource-parser's semantics as the MCP SDK's EventSourceParserStream uses it, fed decoded text chunk by chunk.
 */
import { tooLarge } from "./message-size.js";

export interface SseEvent {
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
