/** Inside the entry that applies: deny → deny_if → approval → rate limit → allow (DESIGN §4). */
import { describe, expect, it } from "vitest";
import { compilePolicy, RESOLUTION_CACHE_LIMIT } from "../src/index";
import { compiled, policy } from "./helpers";

const p = compiled({
  version: "1",
  default: "deny",
  tools: {
    destroy: {
      action: "deny",
      reason: "on-call only",
      deny_if: [{ arg: "x", op: "exists", reason: "never used" }],
      rate_limit: { max: 1, window: 1 },
    },
    silent_deny: { action: "deny" },
    resize: {
      reason: "entry reason",
      deny_if: [
        { arg: "size", op: "gt", value: 500, reason: "Volumes over 500 GB need a ticket" },
        { arg: "shrink", op: "eq", value: true },
      ],
      approve_if: [
        { arg: "size", op: "gt", value: 100, reason: "big" },
        { arg: "zone", op: "in", value: ["prod"] },
      ],
      approval: { timeout: 600, hold: 20 },
      rate_limit: { max: 5, window: 60, scope: "agent" },
    },
    deploy: { action: "require_approval", approval: { timeout: 300 }, rate_limit: { max: 2, window: 3600 } },
    plain: {},
  },
});

describe("inside the entry", () => {
  it("[R19] action deny wins over everything else in the entry", () => {
    expect(p.decide({ tool: "destroy", arguments: {} })).toEqual({
      kind: "deny",
      rule: "/tools/destroy",
      reason: "on-call only",
    });
    expect(p.decide({ tool: "silent_deny" })).toEqual({ kind: "deny", rule: "/tools/silent_deny" });
    expect("reason" in p.decide({ tool: "silent_deny" })).toBe(false);
  });

  it("[R20] the first matching deny_if denies with the condition's reason", () => {
    expect(p.decide({ tool: "resize", arguments: { size: 600, shrink: true } })).toEqual({
      kind: "deny",
      rule: "/tools/resize/deny_if/0",
      reason: "Volumes over 500 GB need a ticket",
    });
  });

  it("[R20] a deny_if without a reason uses the entry's reason", () => {
    expect(p.decide({ tool: "resize", arguments: { size: 1, shrink: true } })).toEqual({
      kind: "deny",
      rule: "/tools/resize/deny_if/1",
      reason: "entry reason",
    });
  });

  it("[R21] the first matching approve_if requires approval with the entry's approval settings", () => {
    expect(p.decide({ tool: "resize", arguments: { size: 200, zone: "prod" } })).toEqual({
      kind: "require_approval",
      rule: "/tools/resize/approve_if/0",
      reason: "big",
      approval: { timeout: 600, hold: 20 },
      rateLimit: { key: "/tools/resize", max: 5, window: 60, scope: "agent" },
    });
    expect(p.decide({ tool: "resize", arguments: { size: 1, zone: "prod" } })).toMatchObject({
      kind: "require_approval",
      rule: "/tools/resize/approve_if/1",
      reason: "entry reason",
    });
  });

  it("[R21] action require_approval applies the defaults timeout 300 and hold 45", () => {
    expect(p.decide({ tool: "deploy" })).toEqual({
      kind: "require_approval",
      rule: "/tools/deploy",
      approval: { timeout: 300, hold: 45 },
      rateLimit: { key: "/tools/deploy", max: 2, window: 3600, scope: "session" },
    });
  });

  it("[R22] deny_if beats approve_if when both match", () => {
    expect(p.decide({ tool: "resize", arguments: { size: 900, zone: "prod" } }).kind).toBe("deny");
  });

  it("[R22] deny_if still applies under action require_approval", () => {
    const q = compiled({
      version: "1",
      default: "deny",
      tools: { t: { action: "require_approval", deny_if: [{ arg: "a", op: "eq", value: 1 }] } },
    });
    expect(q.decide({ tool: "t", arguments: { a: 1 } })).toEqual({
      kind: "deny",
      rule: "/tools/t/deny_if/0",
    });
    expect(q.decide({ tool: "t", arguments: { a: 2 } }).kind).toBe("require_approval");
  });

  it("[R23] allow carries the rate limit spec keyed by the entry's pointer", () => {
    expect(p.decide({ tool: "resize", arguments: { size: 1 } })).toEqual({
      kind: "allow",
      rule: "/tools/resize",
      rateLimit: { key: "/tools/resize", max: 5, window: 60, scope: "agent" },
    });
    expect(p.decide({ tool: "plain" })).toEqual({ kind: "allow", rule: "/tools/plain" });
  });

  it("[R38] returns frozen, reused decision objects", () => {
    const a = p.decide({ tool: "plain" });
    const b = p.decide({ tool: "plain" });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    const deny = p.decide({ tool: "resize", arguments: { size: 900 } });
    expect(deny).toBe(p.decide({ tool: "resize", arguments: { size: 901 } }));
    const approval = p.decide({ tool: "deploy" });
    if (approval.kind !== "require_approval") throw new Error("expected approval");
    expect(Object.isFrozen(approval.approval)).toBe(true);
    expect(Object.isFrozen(approval.rateLimit)).toBe(true);
  });

  it("[R38] keeps the per-tool cache bounded while answering correctly for many names", () => {
    const q = compilePolicy(policy({ version: "1", default: "deny", tools: { "keep_*": {} } }));
    for (let i = 0; i < 25_000; i++) {
      const name = i % 2 === 0 ? `keep_${i}` : `drop_${i}`;
      expect(q.isVisible(name)).toBe(i % 2 === 0);
      expect(q.cacheSize()).toBeLessThanOrEqual(RESOLUTION_CACHE_LIMIT);
    }
    expect(q.cacheSize()).toBeGreaterThan(0);
    expect(q.decide({ tool: "keep_0" }).kind).toBe("allow");
    // Names longer than any key are answered but never cached.
    q.filterTools([]);
    const before = q.cacheSize();
    const long = `keep_${"x".repeat(1_000_000)}`;
    expect(q.decide({ tool: long }).kind).toBe("allow");
    expect(q.cacheSize()).toBe(before);
  });
});
