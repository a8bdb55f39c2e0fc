/**
 * Compiles `deny_if` / `approve_if` conditions into predicates over a call's arguments (DESIGN §4).
 *
 * - `arg` walks objects by own key and arrays by index; anything else is a missing argument.
 * - A missing argument matches only `exists` (or `exists` with `value: false`, which tests absence).
 * - eq/neq/in/not_in compare JSON values; a number and a numeric string compare as numbers.
 * - lt/lte/gt/gte compare numbers and numeric strings; any other type cannot be compared and MATCHES.
 * - regex tests strings (numbers and booleans as their text; first 10,000 characters); other types MATCH.
 * - contains tests substrings of strings and elements of arrays; other types MATCH.
 * A condition that cannot be checked is treated as met, so `deny_if` fails closed.
 */
import { POLICY_LIMITS } from "./limits";
import { checkRegex } from "./regex-safety";
import { type TCondition, toNumber } from "./schema";

export type ConditionPredicate = (args: unknown) => boolean;

const MISSING: unique symbol = Symbol("missing");
const INDEX = /^(?:0|[1-9]\d{0,8})$/;

function compilePath(arg: string): (root: unknown) => unknown {
  const segments = arg.split(".");
  const indexes = segments.map((s) => (INDEX.test(s) ? Number(s) : -1));
  return (root) => {
    let current = root;
    for (let i = 0; i < segments.length; i++) {
      if (typeof current !== "object" || current === null) return MISSING;
      if (Array.isArray(current)) {
        const index = indexes[i]!;
        if (index < 0 || index >= current.length) return MISSING;
        current = current[index];
      } else {
        const key = segments[i]!;
        if (!Object.hasOwn(current, key)) return MISSING;
        current = (current as Record<string, unknown>)[key];
      }
    }
    return current === undefined ? MISSING : current;
  };
}

/** JSON equality, where a number equals a string that is entirely that number. Bounded by `b`'s depth. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "number" || tb === "number") {
    const na = toNumber(a);
    return na !== undefined && na === toNumber(b);
  }
  if (ta !== "object" || tb !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < b.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const key of kb) {
    if (!Object.hasOwn(a as object, key)) return false;
    if (!jsonEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function compileTest(condition: TCondition): (actual: unknown) => boolean {
  const value = condition.value;
  switch (condition.op) {
    case "eq":
      return (actual) => jsonEquals(actual, value);
    case "neq":
      return (actual) => !jsonEquals(actual, value);
    case "in":
    case "not_in": {
      const list = Array.isArray(value) ? value : [];
      const negate = condition.op === "not_in";
      return (actual) => {
        let found = false;
        for (const item of list) {
          if (jsonEquals(actual, item)) {
            found = true;
            break;
          }
        }
        return found !== negate;
      };
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const limit = toNumber(value) ?? Number.NaN;
      const op = condition.op;
      return (actual) => {
        const n = toNumber(actual);
        if (n === undefined) return true; // cannot compare: fail closed
        if (op === "lt") return n < limit;
        if (op === "lte") return n <= limit;
        if (op === "gt") return n > limit;
        return n >= limit;
      };
    }
    case "regex": {
      const check = checkRegex(typeof value === "string" ? value : "");
      if (!check.ok) return () => true; // unreachable for validated policies; fail closed
      const regex = check.regex;
      const max = POLICY_LIMITS.maxRegexSubjectLength;
      return (actual) => {
        if (typeof actual === "string")
          return regex.test(actual.length > max ? actual.slice(0, max) : actual);
        if (typeof actual === "number" || typeof actual === "boolean") return regex.test(String(actual));
        return true;
      };
    }
    case "contains": {
      const needle = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
      return (actual) => {
        if (typeof actual === "string") return typeof needle === "string" ? actual.includes(needle) : true;
        if (Array.isArray(actual)) {
          for (const item of actual) if (jsonEquals(item, value)) return true;
          return false;
        }
        return true;
      };
    }
    case "exists":
      return () => true;
  }
}

/** Compiles one validated condition into a predicate over the call's arguments. Never throws. */
export function compileCondition(condition: TCondition): ConditionPredicate {
  const read = compilePath(condition.arg);
  if (condition.op === "exists") {
    const wantPresent = condition.value !== false;
    return (args) => (read(args) !== MISSING) === wantPresent;
  }
  const test = compileTest(condition);
  return (args) => {
    const actual = read(args);
    return actual === MISSING ? false : test(actual);
  };
}
