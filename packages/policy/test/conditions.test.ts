/** Condition semantics: paths, missing arguments, numbers, fail-closed comparisons, every operator. */
import { describe, expect, it } from "vitest";
import type { TCondition } from "../src/index";
import { compiled } from "./helpers";

/** Whether `condition` matches `args`, observed through a deny_if entry. */
function matches(condition: TCondition, args: unknown): boolean {
  const p = compiled({ version: "1", default: "deny", tools: { t: { deny_if: [condition] } } });
  return p.decide({ tool: "t", arguments: args }).kind === "deny";
}

describe("conditions", () => {
  it("[R24] walks objects by key and arrays by index", () => {
    const args = { servers: [{ name: "a" }, { name: "prod-1" }], meta: { owner: { team: "x" } } };
    expect(matches({ arg: "servers.1.name", op: "eq", value: "prod-1" }, args)).toBe(true);
    expect(matches({ arg: "servers.0.name", op: "eq", value: "prod-1" }, args)).toBe(false);
    expect(matches({ arg: "meta.owner.team", op: "eq", value: "x" }, args)).toBe(true);
    expect(matches({ arg: "servers.length", op: "exists" }, args)).toBe(false);
    expect(matches({ arg: "servers.01.name", op: "exists" }, args)).toBe(false);
    expect(matches({ arg: "servers.5.name", op: "exists" }, args)).toBe(false);
    expect(matches({ arg: "meta.owner.team.x", op: "exists" }, args)).toBe(false);
  });

  it("[R24] does not see inherited properties", () => {
    expect(matches({ arg: "toString", op: "exists" }, {})).toBe(false);
    expect(matches({ arg: "constructor", op: "exists" }, {})).toBe(false);
    expect(matches({ arg: "__proto__", op: "exists" }, JSON.parse('{"__proto__": {"x": 1}}'))).toBe(true);
  });

  it("[R25] a missing argument matches only exists", () => {
    const ops: TCondition[] = [
      { arg: "a", op: "eq", value: 1 },
      { arg: "a", op: "neq", value: 1 },
      { arg: "a", op: "in", value: [1] },
      { arg: "a", op: "not_in", value: [1] },
      { arg: "a", op: "lt", value: 1 },
      { arg: "a", op: "gte", value: 1 },
      { arg: "a", op: "regex", value: "." },
      { arg: "a", op: "contains", value: "x" },
    ];
    for (const condition of ops) {
      expect(matches(condition, {})).toBe(false);
      expect(matches(condition, undefined)).toBe(false);
    }
    expect(matches({ arg: "a", op: "exists" }, {})).toBe(false);
    expect(matches({ arg: "a", op: "exists" }, { a: null })).toBe(true);
    expect(matches({ arg: "a", op: "exists", value: true }, { a: 0 })).toBe(true);
    expect(matches({ arg: "a", op: "exists", value: false }, {})).toBe(true);
    expect(matches({ arg: "a", op: "exists", value: false }, { a: 1 })).toBe(false);
  });

  it("[R26] compares numeric strings as numbers", () => {
    expect(matches({ arg: "size", op: "gt", value: 500 }, { size: "600" })).toBe(true);
    expect(matches({ arg: "size", op: "gt", value: 500 }, { size: "400" })).toBe(false);
    expect(matches({ arg: "size", op: "gt", value: "500" }, { size: 501 })).toBe(true);
    expect(matches({ arg: "size", op: "lte", value: 5 }, { size: "5.0" })).toBe(true);
    expect(matches({ arg: "size", op: "lt", value: 1 }, { size: "-1e3" })).toBe(true);
    expect(matches({ arg: "size", op: "eq", value: 5 }, { size: "5" })).toBe(true);
    expect(matches({ arg: "size", op: "eq", value: "5" }, { size: 5 })).toBe(true);
    expect(matches({ arg: "size", op: "in", value: [1, 5] }, { size: "5" })).toBe(true);
    // Two strings compare as strings.
    expect(matches({ arg: "size", op: "eq", value: "5" }, { size: "5.0" })).toBe(false);
  });

  it("[R27] a numeric comparison on a non-number matches (fails closed)", () => {
    for (const size of ["big", "", " 5", "0x10", "Infinity", "1e999", true, null, [600], { v: 1 }]) {
      expect(matches({ arg: "size", op: "gt", value: 500 }, { size })).toBe(true);
      expect(matches({ arg: "size", op: "lt", value: 500 }, { size })).toBe(true);
    }
  });

  it("[R27] regex and contains on types they cannot test match", () => {
    expect(matches({ arg: "a", op: "regex", value: "^zzz$" }, { a: { x: 1 } })).toBe(true);
    expect(matches({ arg: "a", op: "regex", value: "^zzz$" }, { a: null })).toBe(true);
    expect(matches({ arg: "a", op: "contains", value: "zzz" }, { a: 42 })).toBe(true);
    expect(matches({ arg: "a", op: "contains", value: { k: 1 } }, { a: "text" })).toBe(true);
  });

  it("[R28] eq and neq compare JSON values deeply", () => {
    expect(matches({ arg: "a", op: "eq", value: { x: [1, "2"] } }, { a: { x: [1, "2"] } })).toBe(true);
    expect(matches({ arg: "a", op: "eq", value: { x: [1, 2] } }, { a: { x: [1, 2], y: 0 } })).toBe(false);
    expect(matches({ arg: "a", op: "eq", value: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(matches({ arg: "a", op: "eq", value: null }, { a: null })).toBe(true);
    expect(matches({ arg: "a", op: "eq", value: "prod" }, { a: "Prod" })).toBe(false);
    expect(matches({ arg: "a", op: "neq", value: "prod" }, { a: "dev" })).toBe(true);
    expect(matches({ arg: "a", op: "neq", value: "prod" }, { a: "prod" })).toBe(false);
    expect(matches({ arg: "a", op: "eq", value: false }, { a: 0 })).toBe(false);
  });

  it("[R28] in and not_in test membership", () => {
    expect(matches({ arg: "zone", op: "in", value: ["eu", "us"] }, { zone: "us" })).toBe(true);
    expect(matches({ arg: "zone", op: "in", value: ["eu", "us"] }, { zone: "ap" })).toBe(false);
    expect(matches({ arg: "zone", op: "not_in", value: ["eu", "us"] }, { zone: "ap" })).toBe(true);
    expect(matches({ arg: "zone", op: "not_in", value: ["eu", "us"] }, { zone: "eu" })).toBe(false);
    expect(matches({ arg: "zone", op: "in", value: [] }, { zone: "eu" })).toBe(false);
    expect(matches({ arg: "zone", op: "in", value: [{ a: 1 }] }, { zone: { a: 1 } })).toBe(true);
  });

  it("[R29] regex is unanchored JavaScript", () => {
    expect(matches({ arg: "cmd", op: "regex", value: "rm\\s+-rf" }, { cmd: "sudo rm  -rf /" })).toBe(true);
    expect(matches({ arg: "cmd", op: "regex", value: "^ls$" }, { cmd: "ls -la" })).toBe(false);
    expect(matches({ arg: "n", op: "regex", value: "^4\\d$" }, { n: 42 })).toBe(true);
    expect(matches({ arg: "b", op: "regex", value: "^true$" }, { b: true })).toBe(true);
  });

  it("[R29] regex sees only the first 10,000 characters", () => {
    const head = "a".repeat(10_000);
    expect(matches({ arg: "s", op: "regex", value: "b" }, { s: `${head}b` })).toBe(false);
    expect(matches({ arg: "s", op: "regex", value: "b" }, { s: `${head.slice(1)}b` })).toBe(true);
  });

  it("[R30] contains tests substrings and array elements", () => {
    expect(matches({ arg: "s", op: "contains", value: "DROP" }, { s: "x; DROP TABLE" })).toBe(true);
    expect(matches({ arg: "s", op: "contains", value: "drop" }, { s: "x; DROP TABLE" })).toBe(false);
    expect(matches({ arg: "s", op: "contains", value: 42 }, { s: "id-42" })).toBe(true);
    expect(matches({ arg: "l", op: "contains", value: "admin" }, { l: ["user", "admin"] })).toBe(true);
    expect(matches({ arg: "l", op: "contains", value: "admin" }, { l: ["user"] })).toBe(false);
    expect(matches({ arg: "l", op: "contains", value: 5 }, { l: ["5"] })).toBe(true);
  });
});
