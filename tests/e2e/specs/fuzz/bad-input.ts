// Generated bad input for the fuzz spec: a fixed list of inputs known to trip servers (NUL characters, numbers
// past 32 and 53 bits, malformed percent-encoding, deep nesting, wrong types) and random ones from fast-check
// with a fixed seed, so a failure is reproducible. Bounded: `count` values of each kind.
import fc from "fast-check";

export const HOSTILE_SEGMENTS = [
  "%00",
  "a%00b",
  "4294967296",
  "99999999999999999999999",
  "-1",
  "1e309",
  "NaN",
  "%E0%A4%A",
  "%",
  "%zz",
  "%C0%AF",
  "%FF%FE",
  "..%2F..%2Fetc",
  "x".repeat(3000),
  "0190f0a0-0000-7000-8000-00000000000%00",
];

export const HOSTILE_QUERIES = [
  "cursor=%00",
  "limit=99999999999",
  "since=%E0%A4%A",
  "range=%",
  "tool=a%00b",
  "%=1",
];

export function deepJson(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

export const HOSTILE_BODIES: string[] = [
  deepJson(100_000),
  `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`,
  JSON.stringify({ name: "a\u0000b", slug: "a\u0000b", url: "http://x\u0000.test", email: "a\u0000@b.test" }),
  JSON.stringify({ version: "1\u0000", default: "deny", tools: { "a\u0000": {} } }),
  '{"n":99999999999999999999,"limit":4294967296,"timeout":1e308}',
  JSON.stringify([1, 2, 3]),
  "null",
  '"string"',
  "{",
  "\u0000",
  '{"a":"\\ud800"}',
];

/** Random path segments (percent-encoded as a browser would, and raw), bounded in length. */
export function randomSegments(count: number, seed: number): string[] {
  return fc
    .sample(fc.string({ unit: "binary", maxLength: 40 }), { numRuns: count, seed })
    .map((value, index) => (index % 2 === 0 ? encodeURIComponent(value) : value.replace(/[/?#\s]/g, "")))
    .filter((value) => value.length > 0);
}

/** Random JSON bodies of any shape, bounded in depth and size. */
export function randomBodies(count: number, seed: number): string[] {
  return fc.sample(fc.json({ maxDepth: 6 }), { numRuns: count, seed });
}
