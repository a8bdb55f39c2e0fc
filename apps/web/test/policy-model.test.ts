// The visual builder's model: every state round-trips through the JSON document, and the documents it writes
// are valid policies that the engine decides as the state says.
import { compilePolicy, type TPolicy, validatePolicy } from "@gatehouse/policy";
import { describe, expect, it } from "vitest";
import { lineDiff } from "@/components/policy/line-diff";
import {
  emptyPolicy,
  mergeRecommended,
  ownRulesAmong,
  patchEntry,
  setState,
  stateOf,
  type TToolState,
  toJsonText,
} from "@/components/policy/model";

const STATES: TToolState[] = ["default", "allow", "deny", "hide", "require_approval", "custom"];

describe("policy builder model", () => {
  it("round-trips every state through JSON and keeps the document valid", () => {
    for (const from of STATES) {
      for (const to of STATES) {
        let policy = setState(emptyPolicy(), "echo", from);
        policy = setState(policy, "echo", to);
        const reparsed = JSON.parse(toJsonText(policy)) as TPolicy;
        // Custom writes nothing by itself: what it leaves is shown as the state it is.
        if (to !== "custom") expect(stateOf(reparsed, "echo"), `${from} → ${to}`).toBe(to);
        expect(validatePolicy(reparsed).ok, `${from} → ${to}`).toBe(true);
      }
    }
  });

  it("Custom adds no reason, rate limit, condition or timing by itself", () => {
    expect(setState(emptyPolicy(), "echo", "custom").tools?.echo).toEqual({});
    const denied = patchEntry(setState(emptyPolicy(), "echo", "deny"), "echo", { reason: "no" });
    expect(setState(denied, "echo", "custom").tools?.echo).toEqual({ reason: "no" });
    expect(stateOf(setState(denied, "echo", "custom"), "echo")).toBe("custom");
    const held = setState(emptyPolicy(), "echo", "require_approval");
    expect(setState(held, "echo", "custom").tools?.echo).toEqual({ action: "require_approval" });
    const limited = patchEntry(emptyPolicy(), "echo", { rate_limit: { max: 2, window: 60, scope: "agent" } });
    expect(setState(limited, "echo", "custom").tools?.echo).toEqual({
      rate_limit: { max: 2, window: 60, scope: "agent" },
    });
    expect(stateOf(limited, "echo")).toBe("custom");
    expect(stateOf(patchEntry(held, "echo", { approval: { timeout: 60 } }), "echo")).toBe("require_approval");
    expect(stateOf(patchEntry(emptyPolicy(), "echo", { approval: { hold: 5 } }), "echo")).toBe("custom");
  });

  it("writes what the engine enforces", () => {
    let policy = setState(emptyPolicy(), "echo", "allow");
    policy = patchEntry(setState(policy, "get-sum", "deny"), "get-sum", { reason: "no sums" });
    policy = patchEntry(setState(policy, "get-env", "custom"), "get-env", {
      rate_limit: { max: 2, window: 60 },
    });
    policy = setState(policy, "get-tiny-image", "require_approval");
    policy = setState(policy, "debug", "hide");
    const engine = compilePolicy(policy);
    expect(engine.decide({ tool: "echo" }).kind).toBe("allow");
    expect(engine.decide({ tool: "get-sum" })).toMatchObject({ kind: "deny", reason: "no sums" });
    expect(engine.decide({ tool: "get-env" })).toMatchObject({
      kind: "allow",
      rateLimit: { max: 2, window: 60 },
    });
    expect(engine.decide({ tool: "get-tiny-image" }).kind).toBe("require_approval");
    expect(engine.decide({ tool: "debug" }).kind).toBe("hidden");
    expect(engine.decide({ tool: "other" }).kind).toBe("hidden");
  });

  it("keeps a reason across deny and require approval, and leaves other entries alone", () => {
    const start: TPolicy = {
      version: "1",
      default: "deny",
      tools: { "list_*": { rate_limit: { max: 10, window: 60 } } },
    };
    let policy = patchEntry(setState(start, "deploy", "deny"), "deploy", { reason: "on-call only" });
    policy = setState(policy, "deploy", "require_approval");
    expect(policy.tools?.deploy).toEqual({ action: "require_approval", reason: "on-call only" });
    expect(policy.tools?.["list_*"]).toEqual({ rate_limit: { max: 10, window: 60 } });
    expect(stateOf(setState(policy, "deploy", "default"), "deploy")).toBe("default");
  });

  it("diffs lines", () => {
    expect(lineDiff("a\nb\nc\n", "a\nc\nd\n")).toEqual([
      { kind: "same", text: "a" },
      { kind: "remove", text: "b" },
      { kind: "same", text: "c" },
      { kind: "add", text: "d" },
    ]);
    expect(lineDiff("", "x\n")).toEqual([{ kind: "add", text: "x" }]);
  });

  it("merges Recommended into tools without a rule of their own, or all of them when asked", () => {
    const policy: TPolicy = {
      version: "1",
      default: "allow",
      hide: ["debug", "x_*"],
      tools: { echo: { action: "deny" }, "list_*": {} },
    };
    const recommended: TPolicy = {
      version: "1",
      default: "deny",
      tools: { echo: {}, debug: {}, "get-env": { action: "require_approval" } },
    };
    expect(ownRulesAmong(policy, recommended)).toBe(2);
    expect(mergeRecommended(policy, recommended, false)).toEqual({
      version: "1",
      default: "deny",
      hide: ["debug", "x_*"],
      tools: { echo: { action: "deny" }, "list_*": {}, "get-env": { action: "require_approval" } },
    });
    expect(mergeRecommended(policy, recommended, true)).toEqual({
      version: "1",
      default: "deny",
      hide: ["x_*"],
      tools: { echo: {}, "list_*": {}, debug: {}, "get-env": { action: "require_approval" } },
    });
  });
});
