/**
 * Parser for the regex syntax of policy `regex` conditions: JavaScript syntax without flags, minus
 * what a linear-time matcher cannot do (back-references, lookaround, \p{…}). Produces the small AST
 * regex-engine.ts compiles into an NFA.
 */

export type CharTest = (code: number) => boolean;

export type Node =
  | { t: "char"; test: CharTest; code?: number }
  | { t: "seq"; items: Node[] }
  | { t: "alt"; options: Node[] }
  | { t: "repeat"; node: Node; min: number; max: number }
  | { t: "assert"; kind: "start" | "end" | "word" | "nonword" };

export class RegexSupportError extends Error {}

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
export const isWord: CharTest = (c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (c) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineTerminator: CharTest = (c) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not =
  (f: CharTest): CharTest =>
  (c) =>
    !f(c);
const literal =
  (code: number): CharTest =>
  (c) =>
    c === code;

const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, "0": 0 };

export class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new RegexSupportError(`unexpected "${this.src[this.i]}"`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { t: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      items.push(this.quantified(this.atom()));
    }
    return { t: "seq", items };
  }

  private quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const ch = this.src[this.i];
      let min: number;
      let max: number;
      if (ch === "*" || ch === "+" || ch === "?") {
        this.i++;
        [min, max] = ch === "*" ? [0, Infinity] : ch === "+" ? [1, Infinity] : [0, 1];
      } else {
        const m = ch === "{" ? /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i)) : null;
        if (!m) return node;
        this.i += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      }
      if (this.src[this.i] === "?") this.i++; // lazy: same match existence
      if (node.t === "assert")
        throw new RegexSupportError("a quantifier after an assertion is not supported");
      node = { t: "repeat", node, min, max };
    }
  }

  private atom(): Node {
    const ch = this.src[this.i++]!;
    switch (ch) {
      case "^":
        return { t: "assert", kind: "start" };
      case "$":
        return { t: "assert", kind: "end" };
      case ".":
        return { t: "char", test: not(isLineTerminator) };
      case "[":
        return { t: "char", test: this.charClass() };
      case "\\":
        return this.escape(false) as Node;
      case "(": {
        if (this.src.startsWith("?:", this.i)) this.i += 2;
        else if (/^\?<[A-Za-z_$][\w$]*>/.test(this.src.slice(this.i)))
          this.i = this.src.indexOf(">", this.i) + 1;
        else if (this.src[this.i] === "?")
          throw new RegexSupportError("lookahead, lookbehind and other (?…) groups are not supported");
        const inner = this.alternation();
        if (this.src[this.i++] !== ")") throw new RegexSupportError("unclosed group");
        return inner;
      }
      case ")":
      case "*":
      case "+":
      case "?":
        throw new RegexSupportError(`unexpected "${ch}"`);
      default:
        return { t: "char", test: literal(ch.charCodeAt(0)), code: ch.charCodeAt(0) };
    }
  }

  /** Parses an escape after `\`; inside a class, assertions are not allowed and `\b` is backspace. */
  private escape(inClass: boolean): Node | CharTest {
    const ch = this.src[this.i++];
    if (ch === undefined) throw new RegexSupportError("trailing backslash");
    const wrap = (test: CharTest): Node | CharTest => (inClass ? test : { t: "char", test });
    switch (ch) {
      case "d":
        return wrap(isDigit);
      case "D":
        return wrap(not(isDigit));
      case "w":
        return wrap(isWord);
      case "W":
        return wrap(not(isWord));
      case "s":
        return wrap(isSpace);
      case "S":
        return wrap(not(isSpace));
      case "b":
        return inClass ? literal(8) : { t: "assert", kind: "word" };
      case "B":
        if (inClass) return literal(66);
        return { t: "assert", kind: "nonword" };
      case "x":
      case "u": {
        const m = (ch === "x" ? /^[0-9a-fA-F]{2}/ : /^[0-9a-fA-F]{4}/).exec(this.src.slice(this.i));
        if (!m) return wrap(literal(ch.charCodeAt(0)));
        this.i += m[0].length;
        return wrap(literal(Number.parseInt(m[0], 16)));
      }
      case "c":
      case "p":
      case "P":
        throw new RegexSupportError(`the escape \\${ch} is not supported`);
      default:
        if (/[1-9]/.test(ch) || ch === "k") throw new RegexSupportError("back-references are not supported");
        if (ch === "0" && /[0-9]/.test(this.src[this.i] ?? "")) {
          throw new RegexSupportError("octal escapes are not supported");
        }
        return wrap(literal(CONTROL_ESCAPES[ch] ?? ch.charCodeAt(0)));
    }
  }

  private classAtom(): CharTest | number {
    const ch = this.src[this.i++];
    if (ch === undefined) throw new RegexSupportError("unclosed character class");
    if (ch !== "\\") return ch.charCodeAt(0);
    const start = this.i;
    const test = this.escape(true) as CharTest;
    const escaped = this.src.slice(start, this.i);
    // Single-character escapes can be range ends; \d, \w, \s and friends cannot.
    if (/^[dDwWsS]$/.test(escaped)) return test;
    for (let c = 0; c < 0x10000; c++) if (test(c)) return c;
    return test;
  }

  private charClass(): CharTest {
    const negate = this.src[this.i] === "^";
    if (negate) this.i++;
    const parts: CharTest[] = [];
    while (this.src[this.i] !== "]") {
      if (this.i >= this.src.length) throw new RegexSupportError("unclosed character class");
      const lo = this.classAtom();
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classAtom();
        if (typeof lo === "number" && typeof hi === "number") {
          parts.push((c) => c >= lo && c <= hi);
          continue;
        }
        parts.push(
          typeof lo === "number" ? literal(lo) : lo,
          literal(45),
          typeof hi === "number" ? literal(hi) : hi,
        );
        continue;
      }
      parts.push(typeof lo === "number" ? literal(lo) : lo);
    }
    this.i++;
    const any: CharTest = (c) => {
      for (const part of parts) if (part(c)) return true;
      return false;
    };
    return negate ? not(any) : any;
  }
}
