/**
 * Finds the best glob entry for a name without trying every glob: globs are bucketed by the first
 * character of their literal prefix (`list_*` under "l"), else by the last character of their literal
 * suffix (`*_vm` under "m"), else kept in a list tried for every name (`*mid*`, `*`). Each bucket is
 * sorted by precedence (most literal characters, then first written), so the winner is the best of
 * at most three first matches.
 */
import { compileGlob, type GlobMatcher, literalLength } from "./glob";

interface IndexedGlob<T> {
  match: GlobMatcher;
  weight: number;
  order: number;
  value: T;
}

export interface GlobIndex<T> {
  /** The value of the highest-precedence glob matching `name`, or undefined. */
  find(name: string): T | undefined;
}

const byPrecedence = <T>(a: IndexedGlob<T>, b: IndexedGlob<T>) => b.weight - a.weight || a.order - b.order;

export function buildGlobIndex<T>(
  globs: readonly { pattern: string; order: number; value: T }[],
): GlobIndex<T> {
  const byFirst = new Map<string, IndexedGlob<T>[]>();
  const byLast = new Map<string, IndexedGlob<T>[]>();
  const always: IndexedGlob<T>[] = [];
  for (const { pattern, order, value } of globs) {
    const item: IndexedGlob<T> = {
      match: compileGlob(pattern),
      weight: literalLength(pattern),
      order,
      value,
    };
    const first = pattern[0]!;
    const last = pattern[pattern.length - 1]!;
    if (first !== "*") byFirst.set(first, [...(byFirst.get(first) ?? []), item]);
    else if (last !== "*") byLast.set(last, [...(byLast.get(last) ?? []), item]);
    else always.push(item);
  }
  for (const list of [...byFirst.values(), ...byLast.values(), always]) list.sort(byPrecedence);

  const firstMatch = (list: readonly IndexedGlob<T>[] | undefined, name: string) => {
    if (list) for (const item of list) if (item.match(name)) return item;
    return undefined;
  };

  return {
    find(name: string): T | undefined {
      if (name.length === 0) return firstMatch(always, name)?.value;
      let best = firstMatch(byFirst.get(name[0]!), name);
      for (const candidate of [
        firstMatch(byLast.get(name[name.length - 1]!), name),
        firstMatch(always, name),
      ]) {
        if (candidate && (!best || byPrecedence(candidate, best) < 0)) best = candidate;
      }
      return best?.value;
    },
  };
}
