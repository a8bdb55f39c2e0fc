import { createParser } from "eventsource-parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSseParser } from "../src/sse-parser.js";

interface Seen {
  events: { id: string | undefined; event: string | undefined; data: string }[];
  retries: number[];
}

/** What eventsource-parser (the parser the SDK's client uses) makes of the stream fed in these chunks. */
function reference(chunks: string[]): Seen {
  const seen: Seen = { events: [], retries: [] };
  const parser = createParser({
    onEvent: (event) => seen.events.push({ id: event.id, event: event.event, data: event.data }),
    onRetry: (ms) => seen.retries.push(ms),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return seen;
}

function ours(chunks: string[]): Seen {
  const seen: Seen = { events: [], retries: [] };
  const feed = createSseParser(
    (event) => seen.events.push(event),
    (ms) => seen.retries.push(ms),
  );
  for (const chunk of chunks) feed(chunk);
  return seen;
}

/** Streams made of SSE's own pieces (fields, colons, spaces, every kind of line break), cut anywhere. */
const piece = fc.constantFrom(
  "data",
  "event",
  "id",
  "retry",
  "other",
  ":",
  ": ",
  " ",
  "\n",
  "\r",
  "\r\n",
  "\n\n",
  "x",
  "é",
  "{}",
  "12",
  "\u0000",
);
const stream = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(""));
const cuts = (text: string) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: text.length }), { maxLength: 8 })
    .map((at) => [0, ...at.sort((a, b) => a - b), text.length])
    .map((at) => at.slice(1).map((end, index) => text.slice(at[index], end)));

describe("the SSE parser", () => {
  it("reads every stream, however it is cut into chunks, as eventsource-parser does", () => {
    fc.assert(
      fc.property(
        stream.chain((text) => cuts(text)),
        (chunks) => {
          expect(ours(chunks)).toEqual(reference(chunks));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("reads a long line that arrives in many chunks without searching it again per chunk", () => {
    const line = `data: ${"x".repeat(16_000_000)}\n\n`;
    const chunks: string[] = [];
    for (let at = 0; at < line.length; at += 16_384) chunks.push(line.slice(at, at + 16_384));
    const started = performance.now();
    const seen = ours(chunks);
    expect(seen.events).toHaveLength(1);
    expect(seen.events[0]?.data.length).toBe(16_000_000);
    // Linear: tens of milliseconds here. Searching the whole line again per chunk took ~0.7 s for a quarter of
    // this, and grows with the square of the size.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("throws once a line or an event grows past its limit", () => {
    const feed = createSseParser(
      () => undefined,
      () => undefined,
      100,
    );
    expect(() => feed(`data: ${"x".repeat(101)}`)).toThrow("larger than the gateway accepts");
    const lines = createSseParser(
      () => undefined,
      () => undefined,
      100,
    );
    expect(() => {
      for (let i = 0; i < 30; i += 1) lines("data: xxxxx\n");
    }).toThrow("larger than the gateway accepts");
  });
});
