/** fast-check generators of valid policies and of calls against them. */
import fc from "fast-check";
import { CONDITION_OPS, type TCondition, type TPolicy, type TToolEntry } from "../src/index";

export const toolName = fc.string({
  unit: fc.constantFrom("a", "b", "_", "/", "~"),
  minLength: 1,
  maxLength: 5,
});
export const pattern = fc.string({
  unit: fc.constantFrom("a", "b", "_", "*", "/"),
  minLength: 1,
  maxLength: 5,
});

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom("a", "b", "3", "1.5", "x"),
  fc.boolean(),
  fc.constant(null),
);

export const condition: fc.Arbitrary<TCondition> = fc
  .record({
    arg: fc.constantFrom("a", "b", "a.b", "l.0", "n"),
    op: fc.constantFrom(...CONDITION_OPS),
    reason: fc.option(fc.constantFrom("r1", "r2"), { nil: undefined }),
    pick: fc.nat(),
    scalar,
    list: fc.array(scalar, { maxLength: 3 }),
  })
  .map(({ arg, op, reason, pick, scalar: s, list }) => {
    let value: unknown;
    if (op === "in" || op === "not_in") value = list;
    else if (op === "lt" || op === "lte" || op === "gt" || op === "gte")
      value = pick % 2 ? pick % 7 : String(pick % 7);
    else if (op === "regex") value = ["^a", "b$", "a|b", "\\d+", "[ab]{2}"][pick % 5];
    else if (op === "exists") value = [undefined, true, false][pick % 3];
    else value = s;
    const out: TCondition = { arg, op };
    if (value !== undefined) out.value = value;
    if (reason !== undefined) out.reason = reason;
    return out;
  });

export const entry: fc.Arbitrary<TToolEntry> = fc
  .record(
    {
      action: fc.constantFrom("allow", "deny", "require_approval"),
      reason: fc.constantFrom("because", "policy"),
      rate_limit: fc.record(
        {
          max: fc.integer({ min: 1, max: 100 }),
          window: fc.integer({ min: 1, max: 86_400 }),
          scope: fc.constantFrom("session", "agent", "account"),
        },
        { requiredKeys: ["max", "window"] },
      ),
      approval: fc.record(
        { timeout: fc.integer({ min: 1, max: 86_400 }), hold: fc.integer({ min: 0, max: 110 }) },
        { requiredKeys: [] },
      ),
      deny_if: fc.array(condition, { maxLength: 3 }),
      approve_if: fc.array(condition, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  )
  .map((e) => e as TToolEntry);

export const policyArb: fc.Arbitrary<TPolicy> = fc
  .record(
    {
      default: fc.constantFrom("allow", "deny"),
      hide: fc.array(pattern, { maxLength: 3 }),
      tools: fc.dictionary(fc.oneof(toolName, pattern), entry, { maxKeys: 8 }),
    },
    { requiredKeys: ["default"] },
  )
  .map((p) => ({ version: "1", ...p }) as TPolicy);

export const args = fc.oneof(
  fc.constant(undefined),
  fc.record(
    { a: scalar, b: scalar, n: fc.anything(), l: fc.array(scalar, { maxLength: 3 }) },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);
