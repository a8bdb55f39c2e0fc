/** The explanation the dashboard shows for every tool is the engine's decision (R51, R52). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileGlob,
  compilePolicy,
  describeEffect,
  describeSource,
  explainPolicy,
  explainTool,
  type TPolicy,
} from "../src/index";
import { args, pattern, policyArb, toolName } from "./arbitraries";

const KIND = {
  allow: "allow",
  deny: "deny",
  require_approval: "require_approval",
  hidden: "hidden",
} as const;

describe("explain", () => {
  it("[R51] a tool matched only by a pattern is governed by that pattern, not the default", () => {
    const policy: TPolicy = { version: "1", default: "deny", tools: { "get-tiny-*": {} } };
    const explained = explainTool(policy, "get-tiny-image");
    expect(explained).toMatchObject({
      source: "pattern",
      key: "get-tiny-*",
      rule: "/tools/get-tiny-*",
      effect: "allow",
    });
    expect(compilePolicy(policy).decide({ tool: "get-tiny-image" }).kind).toBe("allow");
    expect(describeSource(explained)).toBe("pattern get-tiny-*");
    expect(explainTool(policy, "echo")).toMatchObject({
      source: "default",
      effect: "hidden",
      rule: "/default",
    });
  });

  it("[R51] hide beats an exact entry, which beats a pattern; each explanation says so", () => {
    const policy: TPolicy = {
      version: "1",
      default: "allow",
      hide: ["debug_*"],
      tools: {
        "list_*": { rate_limit: { max: 10, window: 60 } },
        list_jobs: {},
        debug_dump: { action: "deny", reason: "no" },
        deploy: {
          action: "require_approval",
          reason: "on call",
          deny_if: [{ arg: "size", op: "gt", value: 5 }],
        },
      },
    };
    expect(explainTool(policy, "debug_dump")).toMatchObject({
      source: "hidden",
      key: "debug_*",
      rule: "/hide/0",
      effect: "hidden",
      overridden: [{ rule: "/tools/debug_dump", key: "debug_dump" }],
    });
    expect(explainTool(policy, "list_jobs")).toMatchObject({
      source: "exact",
      effect: "allow",
      overridden: [{ rule: "/tools/list_*", key: "list_*" }],
    });
    const listed = explainTool(policy, "list_vms");
    expect(listed).toMatchObject({ source: "pattern", rateLimit: { max: 10, window: 60, scope: "session" } });
    expect(describeEffect(listed)).toBe("allowed, at most 10 calls per 60 s per session");
    const deploy = explainTool(policy, "deploy");
    expect(deploy).toMatchObject({
      effect: "require_approval",
      conditional: true,
      denyIf: 1,
      reason: "on call",
    });
    expect(describeEffect(deploy)).toBe("requires approval, denied when 1 condition(s) match: on call");
    expect(explainTool(policy, "other")).toMatchObject({ source: "default", effect: "allow" });
    expect(describeSource(explainTool(policy, "other"))).toBe("the default (allow)");
  });

  it("[R51] for generated policies the explained rule is the engine's and so is the effect without conditions", () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(fc.oneof(toolName, pattern), { maxLength: 6 }),
        args,
        (policy, tools, a) => {
          const engine = compilePolicy(policy);
          for (const tool of tools) {
            const explained = explainTool(engine, tool);
            const decision = engine.decide({ tool, arguments: a });
            expect(explained.rule).toBe(engine.resolve(tool).rule);
            if (!explained.conditional) {
              expect(decision.kind).toBe(KIND[explained.effect]);
              expect(decision.rule).toBe(explained.rule);
            } else {
              // A condition that fires answers under the entry's own pointer, with deny or approval.
              expect(decision.rule.startsWith(explained.rule)).toBe(true);
              if (decision.rule !== explained.rule)
                expect(["deny", "require_approval"]).toContain(decision.kind);
              else expect(decision.kind).toBe(KIND[explained.effect]);
            }
            expect(engine.isVisible(tool)).toBe(explained.effect !== "hidden");
            if (decision.kind === "allow" || decision.kind === "require_approval")
              expect(decision.rateLimit?.max).toBe(explained.rateLimit?.max);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("[R52] every rule lists the tools it governs and the ones it matches but loses", () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.uniqueArray(fc.oneof(toolName, pattern), { maxLength: 6 }),
        (policy, tools) => {
          const engine = compilePolicy(policy);
          const { tools: rows, rules } = explainPolicy(engine, tools);
          expect(rows.map((r) => r.tool)).toEqual(tools);
          for (const rule of rules) {
            const match = compileGlob(rule.key);
            for (const tool of tools) {
              const governing = engine.resolve(tool).rule;
              const matches = match(tool);
              expect(rule.governs.includes(tool), `${rule.rule} governs ${tool}`).toBe(
                governing === rule.rule,
              );
              expect(
                rule.overriddenFor.some((o) => o.tool === tool && o.by === governing),
                `${rule.rule} loses ${tool}`,
              ).toBe(matches && governing !== rule.rule);
            }
          }
          for (const row of rows)
            for (const lost of row.overridden) expect(compileGlob(lost.key)(row.tool)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
