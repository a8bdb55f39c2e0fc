/**
 * What an audit event keeps of a call's arguments: their keys always, and their values for accounts that opt in
 * (storeArgumentValues), with anything that looks like a secret replaced first: a value under a secret-sounding key
 * whole, and every secret found inside a string (secret-scan.ts) in place.
 */
import { redactSecretsInStrings } from "./secret-scan.js";

const SECRET_NAME = /pass(word)?|secret|token|api[-_]?key|^key$|auth|credential|cookie|private/i;
/**
 * What an audit event keeps of names an agent chose (tool, method, argument keys): the first MAX_NAME characters of
 * each, and at most MAX_KEYS keys per object. A name of any length would otherwise reach the audit table's indexes,
 * whose entries Postgres limits to about 2.7 kB, and one refused event costs its whole batch a retry.
 */
export const MAX_NAME = 200;
const MAX_KEYS = 100;
const MAX_STRING = 2000;

/** The values as stored: bounded in depth, length and count, secret-named keys' values replaced. */
function boundArguments(value: unknown, strings: string[], depth = 0): unknown {
  if (depth > 8) return "[truncated]";
  if (typeof value === "string") {
    strings.push(value.slice(0, MAX_STRING));
    return new StringSlot(strings.length - 1);
  }
  if (Array.isArray(value))
    return value.slice(0, 100).map((item) => boundArguments(item, strings, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value).slice(0, MAX_KEYS)) {
      out[key.slice(0, MAX_NAME)] = SECRET_NAME.test(key)
        ? "[redacted]"
        : boundArguments(item, strings, depth + 1);
    }
    return out;
  }
  return value;
}

/** Where a string of the arguments goes back once it has been scanned. */
class StringSlot {
  constructor(readonly index: number) {}
}

function fillSlots(value: unknown, strings: string[]): unknown {
  if (value instanceof StringSlot) return strings[value.index];
  if (Array.isArray(value)) return value.map((item) => fillSlots(item, strings));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillSlots(item, strings)]));
  }
  return value;
}

export async function redactArguments(value: unknown): Promise<unknown> {
  const strings: string[] = [];
  const bounded = boundArguments(value, strings);
  return fillSlots(bounded, await redactSecretsInStrings(strings));
}

export function argumentKeys(args: unknown): string[] {
  if (!args || typeof args !== "object" || Array.isArray(args)) return [];
  return Object.keys(args)
    .slice(0, MAX_KEYS)
    .map((key) => key.slice(0, MAX_NAME));
}
