/**
 * Glob patterns of policy keys and `hide` (DESIGN §4): `*` matches any run of characters, including
 * none; every other character is literal; matching is case-sensitive. Patterns compile to small
 * closures specialised for the common shapes (`list_*`, `*_vm`, `*word*`).
 */

export type GlobMatcher = (name: string) => boolean;

export function isGlob(pattern: string): boolean {
  return pattern.includes("*");
}

/** Characters that are not `*`: the precedence weight of a glob entry. */
export function literalLength(pattern: string): number {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== 42) n++;
  return n;
}

export function compileGlob(pattern: string): GlobMatcher {
  const parts = pattern.split("*");
  if (parts.length === 1) return (name) => name === pattern;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p.length > 0);
  const minLength = first.length + last.length;
  if (middle.length === 0) {
    if (last.length === 0) return first.length === 0 ? () => true : (name) => name.startsWith(first);
    if (first.length === 0) return (name) => name.endsWith(last);
    return (name) => name.length >= minLength && name.startsWith(first) && name.endsWith(last);
  }
  if (middle.length === 1 && first.length === 0 && last.length === 0) {
    const needle = middle[0]!;
    return (name) => name.includes(needle);
  }
  return (name) => {
    if (name.length < minLength || !name.startsWith(first) || !name.endsWith(last)) return false;
    // Leftmost match of each middle part is optimal for `*`-only globs.
    let position = first.length;
    const end = name.length - last.length;
    for (const part of middle) {
      const found = name.indexOf(part, position);
      if (found < 0 || found + part.length > end) return false;
      position = found + part.length;
    }
    return true;
  };
}
