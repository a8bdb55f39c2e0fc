/**
 * The safe-regex check for `regex` conditions (DESIGN §4): at most 256 characters, valid JavaScript
 * syntax, no nested quantifiers (a repeated group that contains a repetition), no back-references or
 * lookaround. Accepted patterns are compiled to the linear-time matcher of regex-engine.ts, so even a
 * pattern that would backtrack in a JavaScript engine is tested in bounded time.
 */
import { POLICY_LIMITS } from "./limits";
import { compileLinearRegex, type LinearRegex, RegexSupportError } from "./regex-engine";

export type RegexCheck = { ok: true; regex: LinearRegex } | { ok: false; message: string };

interface Frame {
  hasQuantifier: boolean;
}

/** Length of the quantifier starting at `i`, or 0; `unbounded` tells whether it has no upper bound. */
function quantifierAt(pattern: string, i: number): { length: number; unbounded: boolean } {
  const ch = pattern[i];
  if (ch === "*" || ch === "+") return { length: lazySuffix(pattern, i + 1) + 1, unbounded: true };
  if (ch === "?") return { length: lazySuffix(pattern, i + 1) + 1, unbounded: false };
  if (ch !== "{") return { length: 0, unbounded: false };
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (!match) return { length: 0, unbounded: false };
  const unbounded = match[2] !== undefined && match[3] === "";
  return { length: match[0].length + lazySuffix(pattern, i + match[0].length), unbounded };
}

function lazySuffix(pattern: string, i: number): number {
  return pattern[i] === "?" ? 1 : 0;
}

/** Checks `pattern` and compiles it. Never throws. */
export function checkRegex(pattern: string): RegexCheck {
  if (pattern.length > POLICY_LIMITS.maxRegexLength) {
    return {
      ok: false,
      message: `regex is ${pattern.length} characters long; at most ${POLICY_LIMITS.maxRegexLength} are allowed`,
    };
  }
  const stack: Frame[] = [{ hasQuantifier: false }];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    let atomEnd = i + 1;
    let closed: Frame | undefined;
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && pattern[i + 2] === "<")) {
        return {
          ok: false,
          message: "regex back-references are not allowed (they can backtrack without bound)",
        };
      }
      atomEnd = i + 2;
    } else if (ch === "[") {
      let j = i + 1;
      // In JavaScript (without the u or v flag) a class ends at the first unescaped `]`, so `[]` is empty.
      while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
      atomEnd = j + 1;
    } else if (ch === "(") {
      stack.push({ hasQuantifier: false });
      i += 1;
      continue;
    } else if (ch === ")") {
      closed = stack.length > 1 ? stack.pop() : undefined;
    }
    const quantifier = quantifierAt(pattern, atomEnd);
    const top = stack[stack.length - 1]!;
    if (quantifier.length > 0) {
      if (closed?.hasQuantifier) {
        return {
          ok: false,
          message:
            "regex has a nested quantifier (a repeated group that contains a repetition), which can backtrack catastrophically",
        };
      }
      top.hasQuantifier = true;
    } else if (closed?.hasQuantifier) {
      top.hasQuantifier = true;
    }
    i = atomEnd + quantifier.length;
  }
  try {
    new RegExp(pattern);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `invalid JavaScript regex: ${detail}` };
  }
  try {
    return { ok: true, regex: compileLinearRegex(pattern) };
  } catch (error: unknown) {
    if (error instanceof RegexSupportError)
      return { ok: false, message: `unsupported regex: ${error.message}` };
    throw error;
  }
}
