/** Validation of policy documents: acceptance, strictness, error paths and messages, bounds. */
import { describe, expect, it } from "vitest";
import { parsePolicyJson, validatePolicy } from "../src/index";
import { DESIGN_EXAMPLE, errorsOf, REFERENCE_PAGE_EXAMPLE } from "./helpers";

const base = { version: "1", default: "deny" } as const;

describe("policy schema", () => {
  it("[R1] accepts the reference page's example verbatim", () => {
    const result = parsePolicyJson(REFERENCE_PAGE_EXAMPLE);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.policy).toEqual(JSON.parse(REFERENCE_PAGE_EXAMPLE));
  });

  it("[R1] accepts DESIGN §4's example verbatim, without adding defaults", () => {
    const result = parsePolicyJson(DESIGN_EXAMPLE);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.policy).toEqual(JSON.parse(DESIGN_EXAMPLE));
  });

  it("[R2] reports an unknown key at the top level by its pointer", () => {
    expect(errorsOf({ ...base, extra: true })).toEqual([
      { path: "/extra", message: expect.stringContaining("unknown key `extra`") },
    ]);
  });

  it("[R2] reports unknown keys in entries, rate limits, approvals and conditions", () => {
    const errors = errorsOf({
      ...base,
      tools: {
        a: { colour: 1 },
        b: { rate_limit: { max: 1, window: 1, burst: 2 } },
        c: { approval: { timeout: 5, tiemout: 5 } },
        d: { deny_if: [{ arg: "x", op: "exists", note: "?" }] },
      },
    });
    expect(errors.map((e) => e.path)).toEqual([
      "/tools/a/colour",
      "/tools/b/rate_limit/burst",
      "/tools/c/approval/tiemout",
      "/tools/d/deny_if/0/note",
    ]);
  });

  it("[R3] suggests the intended key for near misses", () => {
    const errors = errorsOf({ ...base, tools: { echo: { ratelimit: { max: 1, window: 1 } } } });
    expect(errors).toEqual([
      { path: "/tools/echo/ratelimit", message: "unknown key `ratelimit` — did you mean `rate_limit`?" },
    ]);
    expect(errorsOf({ ...base, Tools: {} })[0]?.message).toContain("did you mean `tools`?");
    expect(errorsOf({ ...base, tools: { x: { denyIf: [] } } })[0]?.message).toContain(
      "did you mean `deny_if`?",
    );
    expect(errorsOf({ ...base, tools: { x: { approval: { tmeout: 1 } } } })[0]?.message).toContain(
      "did you mean `timeout`?",
    );
  });

  it("[R3] lists the allowed keys when nothing is close", () => {
    const message = errorsOf({ ...base, tools: { x: { zzzzzz: 1 } } })[0]?.message ?? "";
    expect(message).toContain("expected one of:");
    expect(message).toContain("`rate_limit`");
  });

  it("[R4] says which type was expected and what was given", () => {
    expect(errorsOf({ ...base, hide: "debug_*" })).toEqual([
      { path: "/hide", message: "expected array, got string" },
    ]);
    expect(errorsOf({ ...base, tools: { x: { rate_limit: { window: 60 } } } })).toEqual([
      { path: "/tools/x/rate_limit/max", message: "required: expected number" },
    ]);
  });

  it("[R4] lists allowed values and suggests a near-miss value", () => {
    expect(errorsOf({ ...base, tools: { x: { action: "require-approval" } } })).toEqual([
      {
        path: "/tools/x/action",
        message:
          'expected one of "allow", "deny", "require_approval", got "require-approval" — did you mean "require_approval"?',
      },
    ]);
    expect(
      errorsOf({ ...base, tools: { x: { deny_if: [{ arg: "a", op: "greater", value: 1 }] } } })[0]?.path,
    ).toBe("/tools/x/deny_if/0/op");
  });

  it('[R5] requires version "1" and default allow or deny', () => {
    expect(errorsOf({ version: 1, default: "deny" })).toEqual([
      { path: "/version", message: 'expected "1", got 1' },
    ]);
    expect(errorsOf({ version: "2", default: "deny" })[0]?.path).toBe("/version");
    expect(errorsOf({ version: "1", default: "alow" })).toEqual([
      { path: "/default", message: 'expected one of "allow", "deny", got "alow" — did you mean "allow"?' },
    ]);
    expect(errorsOf({ version: "1" })).toEqual([
      { path: "/default", message: expect.stringContaining("got nothing") },
    ]);
    expect(errorsOf([])[0]?.path).toBe("");
    expect(errorsOf(null)[0]?.path).toBe("");
    expect(validatePolicy({ ...base, $schema: "https://gatehouse.dev/schemas/policy-v1.json" }).ok).toBe(
      true,
    );
  });

  it.each([
    [{ rate_limit: { max: 1, window: 0 } }, "/tools/x/rate_limit/window"],
    [{ rate_limit: { max: 1, window: 86_401 } }, "/tools/x/rate_limit/window"],
    [{ rate_limit: { max: 0, window: 10 } }, "/tools/x/rate_limit/max"],
    [{ rate_limit: { max: 1.5, window: 10 } }, "/tools/x/rate_limit/max"],
    [{ rate_limit: { max: 1, window: 10, scope: "user" } }, "/tools/x/rate_limit/scope"],
    [{ approval: { timeout: 86_401 } }, "/tools/x/approval/timeout"],
    [{ approval: { timeout: 0 } }, "/tools/x/approval/timeout"],
    [{ approval: { hold: 111 } }, "/tools/x/approval/hold"],
    [{ approval: { hold: -1 } }, "/tools/x/approval/hold"],
  ])("[R6] refuses out-of-bounds numbers %j", (entry, path) => {
    expect(errorsOf({ ...base, tools: { x: entry } }).map((e) => e.path)).toEqual([path]);
  });

  it("[R6] accepts the bounds themselves", () => {
    const tools = {
      a: { rate_limit: { max: 1, window: 1 } },
      b: { rate_limit: { max: 1, window: 86_400, scope: "account" } },
      c: { approval: { timeout: 86_400, hold: 110 } },
      d: { approval: { timeout: 1, hold: 0 } },
    };
    expect(validatePolicy({ ...base, tools }).ok).toBe(true);
  });

  it.each([
    [{ arg: "a", op: "in", value: "x" }, "expected an array"],
    [{ arg: "a", op: "not_in" }, "expected an array"],
    [{ arg: "a", op: "gt", value: "big" }, "expected a finite number"],
    [{ arg: "a", op: "lte", value: [1] }, "expected a finite number"],
    [{ arg: "a", op: "regex", value: 5 }, "expected a regex pattern string"],
    [{ arg: "a", op: "exists", value: "yes" }, "expected no value, or a boolean"],
    [{ arg: "a", op: "eq" }, "expected a `value`"],
    [{ arg: "a", op: "contains" }, "expected a `value`"],
  ])("[R7] checks that a condition's value fits its op: %j", (condition, message) => {
    const errors = errorsOf({ ...base, tools: { x: { deny_if: [condition] } } });
    expect(errors).toEqual([{ path: "/tools/x/deny_if/0/value", message: expect.stringContaining(message) }]);
  });

  it("[R7] accepts numeric strings for numeric ops and checks arg paths", () => {
    expect(
      validatePolicy({ ...base, tools: { x: { deny_if: [{ arg: "a.b", op: "gt", value: "5" }] } } }).ok,
    ).toBe(true);
    expect(errorsOf({ ...base, tools: { x: { deny_if: [{ arg: "a..b", op: "exists" }] } } })[0]?.path).toBe(
      "/tools/x/deny_if/0/arg",
    );
  });

  it("[R18] escapes ~ and / of tool names in error paths", () => {
    expect(errorsOf({ ...base, tools: { "a/b~c": { nope: 1 } } })[0]?.path).toBe("/tools/a~1b~0c/nope");
  });

  it("[R5] reports broken JSON text as one error", () => {
    const result = parsePolicyJson("{ not json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/^not valid JSON/);
  });
});
