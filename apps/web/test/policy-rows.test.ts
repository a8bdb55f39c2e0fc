// The builder's rows are held to the engine: for generated policies (with `*` patterns, hide patterns, exact
// entries and both defaults), every tool row rendered by the real components shows the rule and effect the
// gateway's engine decides by, and every pattern row lists exactly the tools it governs.
import { compileGlob, compilePolicy, type TPolicy, type TToolEntry } from "@gatehouse/policy";
import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PatternRows } from "@/components/policy/pattern-rows";
import { ToolRows } from "@/components/policy/tool-rows";

const TOOLS = ["get-env", "get-sum", "get-tiny-image", "list_vms", "list_jobs", "debug_dump", "echo"];
const tool = fc.constantFrom(...TOOLS);
const pattern = fc.constantFrom(
  "get-*",
  "get-tiny-*",
  "*",
  "list_*",
  "*_vms",
  "*e*",
  "debug_*",
  "*-image",
  "x*",
);
const entry: fc.Arbitrary<TToolEntry> = fc.oneof(
  fc.constant({}),
  fc.constant({ action: "deny" as const, reason: "no" }),
  fc.constant({ action: "require_approval" as const }),
  fc.constant({ rate_limit: { max: 3, window: 60 } }),
);
const policyArb: fc.Arbitrary<TPolicy> = fc
  .record({
    default: fc.constantFrom("allow" as const, "deny" as const),
    hide: fc.uniqueArray(fc.oneof(pattern, tool), { maxLength: 2 }),
    tools: fc.dictionary(fc.oneof(pattern, tool), entry, { maxKeys: 6 }),
  })
  .map(({ hide, ...rest }) => ({ version: "1" as const, ...rest, ...(hide.length ? { hide } : {}) }));

const builderTools = TOOLS.map((name) => ({
  name,
  description: null,
  riskCategory: "Read",
  riskLevel: "low",
}));
const KIND = { allow: "allow", deny: "deny", require_approval: "require_approval", hidden: "hidden" };

function attributes(html: string, testIdPrefix: string, names: string[]) {
  const found = new Map<string, Record<string, string>>();
  for (const match of html.matchAll(/<(?:li|div)\b([^>]*)>/g)) {
    const attrs = Object.fromEntries(
      [...(match[1] ?? "").matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [
        m[1]!,
        (m[2] ?? "").replaceAll("&amp;", "&").replaceAll("&quot;", '"'),
      ]),
    );
    const id = attrs["data-testid"];
    if (id === undefined || !id.startsWith(testIdPrefix)) continue;
    const name = id.slice(testIdPrefix.length);
    if (names.includes(name)) found.set(name, attrs);
  }
  return found;
}

describe("policy builder rows against the engine", () => {
  it("shows a tool matched by a * pattern as the pattern's, not as the default", () => {
    const policy: TPolicy = { version: "1", default: "deny", tools: { "get-tiny-*": {} } };
    const html = renderToStaticMarkup(
      createElement(ToolRows, { tools: builderTools, policy, onChange: () => {}, readOnly: false }),
    );
    const rows = attributes(html, "applies-", TOOLS);
    expect(rows.get("get-tiny-image")).toMatchObject({
      "data-effect": "allow",
      "data-source": "pattern",
      "data-rule": "/tools/get-tiny-*",
    });
    expect(rows.get("echo")).toMatchObject({ "data-effect": "hidden", "data-source": "default" });
    expect(html).toContain("Not set (allowed)");
    expect(html).toContain("by pattern <code>get-tiny-*</code>");
  });

  it("every tool row and every pattern row agrees with the engine for generated policies", () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const engine = compilePolicy(policy);
        const html = renderToStaticMarkup(
          createElement(ToolRows, { tools: builderTools, policy, onChange: () => {}, readOnly: true }),
        );
        const rows = attributes(html, "applies-", TOOLS);
        expect(rows.size).toBe(TOOLS.length);
        for (const name of TOOLS) {
          const decision = engine.decide({ tool: name, arguments: {} });
          const row = rows.get(name)!;
          expect(row["data-rule"], name).toBe(decision.rule);
          expect(KIND[row["data-effect"] as keyof typeof KIND], name).toBe(decision.kind);
          expect(engine.isVisible(name)).toBe(row["data-effect"] !== "hidden");
        }

        const patternHtml = renderToStaticMarkup(
          createElement(PatternRows, { toolNames: TOOLS, policy, onChange: () => {}, readOnly: true }),
        );
        const entryKeys = Object.keys(policy.tools ?? {}).filter((key) => key.includes("*"));
        const hideKeys = (policy.hide ?? []).filter((key) => key.includes("*"));
        for (const [prefix, keys] of [
          ["pattern-", entryKeys],
          ["hide-", hideKeys],
        ] as const) {
          const patternRows = attributes(patternHtml, prefix, keys);
          expect(patternRows.size).toBe(keys.length);
          for (const [key, row] of patternRows) {
            const governs = (row["data-governs"] ?? "").split(" ").filter(Boolean);
            const expected = TOOLS.filter((name) => engine.resolve(name).rule === row["data-rule"]);
            expect(governs, key).toEqual(expected);
            for (const name of governs) expect(compileGlob(key)(name)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
