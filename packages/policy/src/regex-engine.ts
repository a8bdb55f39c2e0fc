/**
 * A linear-time matcher for the JavaScript regex syntax policies may use (DESIGN §4 `regex`). Patterns
 * are parsed into a Thompson NFA and simulated state-set by state-set, so a test costs at most
 * O(subject length × pattern states) whatever the pattern: no backtracking, no catastrophic cases.
 * Semantics are those of `new RegExp(pattern).test(subject)` without flags (UTF-16 code units,
 * case-sensitive, `.` excludes line terminators, `^`/`$` are input boundaries). Back-references and
 * lookaround cannot be matched this way and are refused.
 */

import { type CharTest, isWord, type Node, Parser, RegexSupportError } from "./regex-parse";

export { RegexSupportError };

// NFA: states in parallel arrays. kind: 0 char, 1 split, 2 assert, 3 match.
interface Nfa {
  kind: number[];
  test: (CharTest | undefined)[];
  assertKind: (string | undefined)[];
  out1: number[];
  out2: number[];
  start: number;
}

function buildNfa(root: Node, maxStates: number): Nfa {
  const nfa: Nfa = { kind: [], test: [], assertKind: [], out1: [], out2: [], start: 0 };
  const add = (kind: number, test?: CharTest, assertKind?: string): number => {
    if (nfa.kind.length >= maxStates) {
      throw new RegexSupportError(
        `regex is too large once repetitions are expanded (more than ${maxStates} states)`,
      );
    }
    nfa.kind.push(kind);
    nfa.test.push(test);
    nfa.assertKind.push(assertKind);
    nfa.out1.push(-1);
    nfa.out2.push(-1);
    return nfa.kind.length - 1;
  };
  // Compiles `node` so that it continues to `next`; returns its entry state.
  const compile = (node: Node, next: number): number => {
    switch (node.t) {
      case "char": {
        const s = add(0, node.test);
        nfa.out1[s] = next;
        return s;
      }
      case "assert": {
        const s = add(2, undefined, node.kind);
        nfa.out1[s] = next;
        return s;
      }
      case "seq": {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = compile(node.items[i]!, entry);
        return entry;
      }
      case "alt": {
        const entries = node.options.map((o) => compile(o, next));
        let entry = entries[entries.length - 1]!;
        for (let i = entries.length - 2; i >= 0; i--) {
          const s = add(1);
          nfa.out1[s] = entries[i]!;
          nfa.out2[s] = entry;
          entry = s;
        }
        return entry;
      }
      case "repeat": {
        let entry = next;
        if (node.max === Infinity) {
          const loop = add(1);
          nfa.out1[loop] = compile(node.node, loop);
          nfa.out2[loop] = next;
          entry = loop;
        } else {
          for (let k = node.min; k < node.max; k++) {
            const opt = add(1);
            nfa.out1[opt] = compile(node.node, entry);
            nfa.out2[opt] = next;
            entry = opt;
          }
        }
        for (let k = 0; k < node.min; k++) entry = compile(node.node, entry);
        return entry;
      }
    }
  };
  const match = add(3);
  nfa.start = compile(root, match);
  return nfa;
}

/**
 * The longest run of literal characters every match must contain (top-level sequence only), used as
 * a cheap `includes` pre-check; "" when there is none.
 */
function requiredLiteral(root: Node): string {
  if (root.t !== "seq") return "";
  let best = "";
  let run = "";
  for (const item of root.items) {
    if (item.t === "char" && item.code !== undefined) {
      run += String.fromCharCode(item.code);
      if (run.length > best.length) best = run;
    } else if (item.t !== "assert") {
      run = "";
    }
  }
  return best;
}

export interface LinearRegex {
  test(subject: string): boolean;
  readonly states: number;
}

/** Compiles `pattern` (already accepted by `new RegExp`) into a linear-time matcher. */
export function compileLinearRegex(pattern: string, maxStates = 4_000): LinearRegex {
  const root = new Parser(pattern).parse();
  const nfa = buildNfa(root, maxStates);
  const needle = requiredLiteral(root);
  const anchored = root.t === "seq" && root.items[0]?.t === "assert" && root.items[0].kind === "start";
  const size = nfa.kind.length;
  const kind = Int8Array.from(nfa.kind);
  const out1 = Int32Array.from(nfa.out1);
  const out2 = Int32Array.from(nfa.out2);
  // 0 start, 1 end, 2 word boundary, 3 not a word boundary.
  const assertion = Int8Array.from(nfa.assertKind, (a) =>
    a === "start" ? 0 : a === "end" ? 1 : a === "word" ? 2 : 3,
  );
  const tests = nfa.test;
  const start = nfa.start;
  // `seen[s] === epoch` marks states already in the list being built; epochs grow across calls.
  const seen = new Int32Array(size).fill(-1);
  let epochBase = 0;
  let current = new Int32Array(size);
  let following = new Int32Array(size);
  const stack = new Int32Array(size * 2 + 2);
  let subject = "";
  let n = 0;
  let epoch = 0;
  let matched = false;

  const wordAt = (i: number): boolean => i >= 0 && i < n && isWord(subject.charCodeAt(i));

  /** Adds the epsilon closure of `state` at position `i` to `list` (from `length`); sets `matched`. */
  const close = (state: number, i: number, list: Int32Array, length: number): number => {
    let top = 0;
    stack[top++] = state;
    while (top > 0) {
      const s = stack[--top]!;
      if (s < 0 || seen[s] === epoch) continue;
      seen[s] = epoch;
      const k = kind[s];
      if (k === 0) list[length++] = s;
      else if (k === 1) {
        stack[top++] = out2[s]!;
        stack[top++] = out1[s]!;
      } else if (k === 3) {
        matched = true;
        return length;
      } else {
        const a = assertion[s];
        const ok = a === 0 ? i === 0 : a === 1 ? i === n : (wordAt(i - 1) !== wordAt(i)) === (a === 2);
        if (ok) stack[top++] = out1[s]!;
      }
    }
    return length;
  };

  return {
    states: size,
    test(input: string): boolean {
      if (needle.length > 0 && !input.includes(needle)) return false;
      subject = input;
      n = input.length;
      if (epochBase > 1_000_000_000) {
        seen.fill(-1);
        epochBase = 0;
      }
      const base = epochBase;
      epochBase += n + 2;
      matched = false;
      let count = 0;
      for (let i = 0; i <= n; i++) {
        epoch = base + i;
        // Unanchored: a match may start at every position; anchored at ^, only at 0.
        if (i === 0 || !anchored) count = close(start, i, current, count);
        if (matched) return true;
        if (count === 0 && anchored) return false;
        if (i === n || count === 0) continue;
        const c = input.charCodeAt(i);
        let next = 0;
        epoch = base + i + 1;
        for (let k = 0; k < count; k++) {
          const s = current[k]!;
          if (tests[s]!(c)) {
            next = close(out1[s]!, i + 1, following, next);
            if (matched) return true;
          }
        }
        const swap = current;
        current = following;
        following = swap;
        count = next;
      }
      return false;
    },
  };
}
