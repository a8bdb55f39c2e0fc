/** Hostile documents are refused with a clear error, in bounded time. */
import { describe, expect, it } from "vitest";
import { POLICY_LIMITS, parsePolicyJson, validatePolicy } from "../src/index";

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = fn();
  return { value, ms: performance.now() - started };
}

function firstError(input: unknown): { path: string; message: string } {
  const result = validatePolicy(input);
  if (result.ok) throw new Error("expected refusal");
  return result.errors[0]!;
}

describe("hostile input", () => {
  it("[R9] refuses deep nesting without recursion trouble", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { x: deep };
    const { value, ms } = timed(() =>
      firstError({
        version: "1",
        default: "deny",
        tools: { t: { deny_if: [{ arg: "a", op: "eq", value: deep }] } },
      }),
    );
    expect(value.message).toContain("nested too deeply");
    expect(ms).toBeLessThan(1_000);
  });

  it("[R9] refuses deeply nested JSON text", () => {
    const text = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const { value, ms } = timed(() => parsePolicyJson(text));
    expect(value.ok).toBe(false);
    if (!value.ok) expect(value.errors[0]?.message).toMatch(/nested too deeply|not valid JSON/);
    expect(ms).toBeLessThan(2_000);
  });

  it("[R9] refuses huge JSON text before parsing it", () => {
    const { value, ms } = timed(() => parsePolicyJson(" ".repeat(POLICY_LIMITS.maxJsonLength + 1)));
    expect(value.ok).toBe(false);
    if (!value.ok) expect(value.errors[0]?.message).toContain("too long");
    expect(ms).toBeLessThan(200);
  });

  it("[R9] refuses too many JSON values", () => {
    const hide = Array.from({ length: POLICY_LIMITS.maxNodes + 10 }, () => 1);
    const { value, ms } = timed(() => firstError({ version: "1", default: "deny", hide }));
    expect(value.message).toMatch(/too (large|long)/);
    expect(ms).toBeLessThan(1_000);
  });

  it("[R9] refuses too many tool entries, naming the limit", () => {
    const tools = Object.fromEntries(
      Array.from({ length: POLICY_LIMITS.maxToolEntries + 1 }, (_, i) => [`t${i}`, {}]),
    );
    const { value, ms } = timed(() => firstError({ version: "1", default: "deny", tools }));
    expect(value).toEqual({
      path: "/tools",
      message: `expected at most ${POLICY_LIMITS.maxToolEntries} entries, got ${POLICY_LIMITS.maxToolEntries + 1}`,
    });
    expect(ms).toBeLessThan(2_000);
  });

  it("[R9] refuses too many conditions in a list and in the whole policy", () => {
    const condition = { arg: "a", op: "exists" };
    const list = Array.from({ length: POLICY_LIMITS.maxConditionsPerList + 1 }, () => condition);
    expect(firstError({ version: "1", default: "deny", tools: { t: { deny_if: list } } }).path).toBe(
      "/tools/t/deny_if",
    );
    const full = Array.from({ length: POLICY_LIMITS.maxConditionsPerList }, () => condition);
    const tools = Object.fromEntries(
      Array.from({ length: POLICY_LIMITS.maxConditions / POLICY_LIMITS.maxConditionsPerList + 1 }, (_, i) => [
        `t${i}`,
        { deny_if: full },
      ]),
    );
    const { value, ms } = timed(() => firstError({ version: "1", default: "deny", tools }));
    expect(value.message).toContain(`at most ${POLICY_LIMITS.maxConditions} conditions`);
    expect(ms).toBeLessThan(3_000);
  });

  it("[R9] refuses long strings, long patterns and star-heavy patterns", () => {
    expect(
      firstError({ version: "1", default: "deny", tools: { t: { reason: "x".repeat(20_000) } } }).message,
    ).toContain("string is too long");
    expect(firstError({ version: "1", default: "deny", hide: ["a".repeat(300)] }).path).toBe("/hide/0");
    expect(firstError({ version: "1", default: "deny", hide: ["*a".repeat(20)] }).message).toContain("`*`");
    expect(firstError({ version: "1", default: "deny", tools: { ["b".repeat(300)]: {} } }).message).toContain(
      "invalid tool name or pattern",
    );
    expect(
      firstError({
        version: "1",
        default: "deny",
        tools: { t: { deny_if: [{ arg: "a", op: "in", value: Array(1_001).fill(1) }] } },
      }).message,
    ).toContain("at most 1000 values");
  });

  it("[R9] refuses non-JSON-like and prototype-polluting input without side effects", () => {
    const polluted = JSON.parse('{"version":"1","default":"deny","tools":{"__proto__":{"action":"deny"}}}');
    const result = validatePolicy(polluted);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain("`__proto__` cannot be used as a key");
    expect(({} as Record<string, unknown>).action).toBeUndefined();
    expect(validatePolicy({ version: "1", default: "deny", tools: new Map() }).ok).toBe(false);
    expect(validatePolicy(() => 1).ok).toBe(false);
  });
});
