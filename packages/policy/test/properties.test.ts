/** Property-based tests: the engine never throws, precedence invariants, round-trips. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  escapePointerToken,
  formatPolicy,
  literalLength,
  type TPolicy,
  validatePolicy,
} from "../src/index";
import { args, pattern, policyArb, toolName } from "./arbitraries";

/** An independent glob reference: the pattern as an anchored RegExp. */
function referenceGlob(p: string): RegExp {
  return new RegExp(
    `^${p
      .split("*")
      .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
      .join("[\\s\\S]*")}$`,
  );
}

/** The rule DESIGN §4 says governs `tool`, computed the slow, obvious way. */
function referenceRule(policy: TPolicy, tool: string): string {
  const hide = policy.hide ?? [];
  for (let i = 0; i < hide.length; i++) if (referenceGlob(hide[i]!).test(tool)) return `/hide/${i}`;
  const keys = Object.keys(policy.tools ?? {});
  if (keys.includes(tool)) return `/tools/${escapePointerToken(tool)}`;
  let best: string | undefined;
  for (const key of keys) {
    if (!key.includes("*") || !referenceGlob(key).test(tool)) continue;
    if (best === undefined || literalLength(key) > literalLength(best)) best = key;
  }
  return best === undefined ? "/default" : `/tools/${escapePointerToken(best)}`;
}

describe("properties", () => {
  it("[R36] validatePolicy never throws on arbitrary input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.jsonValue(),
          policyArb.map((p) => ({ ...p, extra: 1 })),
        ),
        (input) => {
          const result = validatePolicy(input);
          if (!result.ok)
            for (const e of result.errors) expect(e.path === "" || e.path.startsWith("/")).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("[R36] generated policies are valid, and decide/isVisible/filterTools never throw", () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(fc.tuple(fc.oneof(toolName, pattern, fc.string()), args), { maxLength: 10 }),
        (p, calls) => {
          const result = validatePolicy(p);
          if (!result.ok) throw new Error(JSON.stringify(result.errors));
          const compiled = compilePolicy(result.policy);
          for (const [tool, a] of calls) {
            const decision = compiled.decide({ tool, arguments: a });
            expect(["allow", "deny", "hidden", "require_approval"]).toContain(decision.kind);
            expect(decision.rule.startsWith("/")).toBe(true);
            expect(compiled.isVisible(tool)).toBe(decision.kind !== "hidden");
          }
          const tools = calls.map(([name]) => ({ name }));
          expect(compiled.filterTools(tools)).toEqual(tools.filter((t) => compiled.isVisible(t.name)));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("[R37] the governing rule is the one DESIGN §4's precedence names", () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(fc.oneof(toolName, pattern), { minLength: 1, maxLength: 10 }),
        (p, tools) => {
          const compiled = compilePolicy(p);
          for (const tool of tools) {
            const expected = referenceRule(p, tool);
            expect(compiled.resolve(tool).rule).toBe(expected);
            expect(compiled.decide({ tool, arguments: {} }).rule.startsWith(expected)).toBe(true);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("[R37] adding a hide pattern for a tool always hides it; adding an exact entry always governs it", () => {
    fc.assert(
      fc.property(policyArb, toolName, (p, tool) => {
        const hidden = compilePolicy({ ...p, hide: [...(p.hide ?? []), tool] });
        expect(hidden.decide({ tool }).kind).toBe("hidden");
        if ((p.hide ?? []).some((h) => referenceGlob(h).test(tool))) return;
        const exact = compilePolicy({
          ...p,
          tools: { ...p.tools, [tool]: { action: "deny", reason: "exact" } },
        });
        expect(exact.decide({ tool })).toEqual({
          kind: "deny",
          rule: `/tools/${escapePointerToken(tool)}`,
          reason: "exact",
        });
      }),
      { numRuns: 500 },
    );
  });

  it("[R11] parse → serialise → parse round-trips with identical decisions", () => {
    fc.assert(
      fc.property(policyArb, fc.array(fc.tuple(toolName, args), { maxLength: 8 }), (p, calls) => {
        const first = validatePolicy(p);
        if (!first.ok) throw new Error(JSON.stringify(first.errors));
        const second = validatePolicy(JSON.parse(JSON.stringify(first.policy)));
        if (!second.ok) throw new Error(JSON.stringify(second.errors));
        expect(second.policy).toEqual(first.policy);
        const a = compilePolicy(first.policy);
        const b = compilePolicy(second.policy);
        for (const [tool, x] of calls)
          expect(b.decide({ tool, arguments: x })).toEqual(a.decide({ tool, arguments: x }));
      }),
      { numRuns: 500 },
    );
  });

  it("[R11] formatPolicy output parses back to an equal policy and is stable", () => {
    fc.assert(
      fc.property(policyArb, (p) => {
        const text = formatPolicy(p);
        const parsed = validatePolicy(JSON.parse(text));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        expect(parsed.policy).toEqual(p);
        expect(formatPolicy(parsed.policy)).toBe(text);
        expect(Object.keys(JSON.parse(text))[0]).toBe("version");
      }),
      { numRuns: 300 },
    );
  });
});
