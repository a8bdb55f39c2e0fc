/** The safe-regex check and the linear-time matcher (differentially tested against V8). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRegex } from "../src/index";
import { compileLinearRegex, RegexSupportError } from "../src/regex-engine";

const atom = fc.constantFrom(
  "a",
  "b",
  "1",
  ".",
  "[ab]",
  "[^a]",
  "[a-b1]",
  "\\d",
  "\\w",
  "\\s",
  "\\W",
  "-",
  "\\.",
  "\\-",
);
const pattern: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
  p: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(tie("p"), tie("p")).map(([x, y]) => `${x}${y}`),
    fc.tuple(tie("p"), tie("p")).map(([x, y]) => `(?:${x}|${y})`),
    fc
      .tuple(tie("p"), fc.constantFrom("*", "+", "?", "{2}", "{1,2}", "{0,}", "*?", "+?"))
      .map(([x, q]) => `(?:${x})${q}`),
    fc
      .tuple(fc.constantFrom("^", "\\b", "\\B", ""), tie("p"), fc.constantFrom("$", "\\b", ""))
      .map(([a, x, b]) => `${a}${x}${b}`),
  ),
})).p;
const subject = fc.string({ unit: fc.constantFrom("a", "b", "1", " ", "-", "_", ".", "\n"), maxLength: 12 });

describe("regex", () => {
  it("[R29] the linear matcher agrees with JavaScript's RegExp.test", () => {
    fc.assert(
      fc.property(pattern, fc.array(subject, { minLength: 1, maxLength: 8 }), (p, subjects) => {
        const linear = compileLinearRegex(p, 100_000);
        const native = new RegExp(p);
        for (const s of subjects) expect(linear.test(s), `${p} on ${JSON.stringify(s)}`).toBe(native.test(s));
      }),
      { numRuns: 1_500 },
    );
  });

  it("[R29] agrees with RegExp.test on arbitrary short patterns it accepts", () => {
    const unit = fc.constantFrom(..."ab1-]^$[(){}|*+?.\\,dwsbBDWS0x4".split(""));
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 10 }),
        fc.array(subject, { minLength: 1, maxLength: 6 }),
        (p, subjects) => {
          let native: RegExp;
          try {
            native = new RegExp(p);
          } catch {
            return;
          }
          let linear: ReturnType<typeof compileLinearRegex>;
          try {
            linear = compileLinearRegex(p, 100_000);
          } catch (error: unknown) {
            if (error instanceof RegexSupportError) return;
            throw error;
          }
          for (const s of subjects)
            expect(linear.test(s), `${p} on ${JSON.stringify(s)}`).toBe(native.test(s));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ["a+$", "xaa", true],
    ["^a", "ba", false],
    ["\\bcat\\b", "a cat!", true],
    ["\\bcat\\b", "concat", false],
    ["[\\d.]+", "v1.2", true],
    ["[\\]]", "]", true],
    ["\\x41\\u0042", "AB", true],
    ["a|^b", "cb", false],
    ["(?<word>ab)+c", "xababc", true],
    ["colou?r", "color", true],
    ["[^]", "", false],
    ["[]]", "]", false],
    ["[^]]", "a]", true],
    ["", "", true],
  ])("[R29] %s on %j is %s", (p, s, expected) => {
    const check = checkRegex(p);
    if (!check.ok) throw new Error(check.message);
    expect(check.regex.test(s)).toBe(expected);
    expect(new RegExp(p).test(s)).toBe(expected);
  });

  it.each([
    ["(a+)+$", "nested quantifier"],
    ["(\\w*\\s?)*x", "nested quantifier"],
    ["(a|b+){2,}", "nested quantifier"],
    ["(a)\\1", "back-references"],
    ["(?<x>a)\\k<x>", "back-references"],
    ["x(?=y)", "lookahead"],
    ["(?<!y)x", "lookahead"],
    ["[", "invalid JavaScript regex"],
    ["a{2,1}", "invalid JavaScript regex"],
    ["a".repeat(257), "at most 256"],
    ["a{0,99999}", "too large"],
    ["\\p{L}", "not supported"],
  ])("[R8] refuses %s (%s)", (p, message) => {
    const check = checkRegex(p);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(message);
  });

  it("[R8] patterns that backtrack catastrophically in JavaScript run in bounded time here", () => {
    const hostile = "a".repeat(10_000);
    for (const p of [".*.*.*.*x", "(a|aa)*x", "(a|a)*b", "\\w+\\w+\\w+@"]) {
      const check = checkRegex(p);
      if (!check.ok) throw new Error(`${p}: ${check.message}`);
      const started = performance.now();
      expect(check.regex.test(hostile)).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
    }
    // The textbook exponential case: a?ⁿaⁿ against aⁿ (2ⁿ paths for a backtracking engine).
    const classic = checkRegex(`${"a?".repeat(30)}${"a".repeat(30)}`);
    if (!classic.ok) throw new Error(classic.message);
    const started = performance.now();
    expect(classic.regex.test("a".repeat(30))).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
