/**
 * What publishing a policy changes, in plain language and rule by rule: for each tool, what it got and what it
 * will get ("get-env: allowed → denied: Environment variables may contain secrets"), plus the default and the
 * patterns that change without touching any listed tool. Built on `explainTool`, so each line is the engine's
 * decision before and after.
 */
import { compilePolicy } from "./compile";
import { describeEffect, describeSource, explainTool, type ToolExplanation } from "./explain";
import { isGlob } from "./glob";
import type { TPolicy, TToolEntry } from "./schema";

export interface ToolChange {
  tool: string;
  before: ToolExplanation;
  after: ToolExplanation;
  /** "get-env: allowed → denied: Environment variables may contain secrets". */
  text: string;
}

export interface PolicyDiff {
  tools: ToolChange[];
  /** Lines about the default and about patterns whose changes reach no listed tool. */
  other: string[];
}

const entryText = (entry: TToolEntry | undefined) =>
  entry === undefined ? undefined : JSON.stringify(entry);

/**
 * The changes from `before` (null: nothing published, every call denied) to `after` for `tools` (the server's
 * tools); tool names that are exact keys of either policy are included too.
 */
export function diffPolicies(before: TPolicy | null, after: TPolicy, tools: readonly string[]): PolicyDiff {
  const previous = compilePolicy(before ?? { version: "1", default: "deny" });
  const next = compilePolicy(after);
  const names = new Set(tools);
  for (const policy of [before, after]) {
    for (const key of Object.keys(policy?.tools ?? {})) if (!isGlob(key)) names.add(key);
  }
  const changes: ToolChange[] = [];
  const governing = (policy: TPolicy | null, explanation: ToolExplanation) =>
    explanation.source === "exact" || explanation.source === "pattern"
      ? entryText(policy?.tools?.[explanation.key ?? ""])
      : explanation.effect;
  for (const tool of names) {
    const was = explainTool(previous, tool);
    const will = explainTool(next, tool);
    const from = describeEffect(was);
    const to = describeEffect(will);
    if (from !== to) {
      changes.push({ tool, before: was, after: will, text: `${tool}: ${from} → ${to}` });
    } else if (governing(before, was) !== governing(after, will)) {
      // Same words, different rule (its conditions or timing changed): still a change in what the gateway does.
      changes.push({ tool, before: was, after: will, text: `${tool}: ${to} (its rule changed)` });
    }
  }
  const other: string[] = [];
  if (before && before.default !== after.default) {
    other.push(`Default for other tools: ${before.default} → ${after.default}`);
  }
  const touched = new Set(changes.flatMap((c) => [c.before.key, c.after.key]));
  const patterns = new Set(
    [...Object.keys(before?.tools ?? {}), ...Object.keys(after.tools ?? {})].filter((key) => isGlob(key)),
  );
  for (const key of patterns) {
    const was = entryText(before?.tools?.[key]);
    const will = entryText(after.tools?.[key]);
    if (was === will || touched.has(key)) continue;
    const verb = was === undefined ? "added" : will === undefined ? "removed" : "changed";
    other.push(`Pattern ${key} ${verb} (it governs none of the listed tools)`);
  }
  const hidesBefore = new Set(before?.hide ?? []);
  const hidesAfter = new Set(after.hide ?? []);
  for (const pattern of hidesAfter) {
    if (!hidesBefore.has(pattern) && !touched.has(pattern))
      other.push(`Hide pattern ${pattern} added (hides none of the listed tools)`);
  }
  for (const pattern of hidesBefore) {
    if (!hidesAfter.has(pattern) && !touched.has(pattern)) other.push(`Hide pattern ${pattern} removed`);
  }
  return { tools: changes, other };
}

/** "by its own entry" → "by pattern list_*": why a tool's treatment changed, when its rule did. */
export function describeChangeOfRule(change: ToolChange): string | undefined {
  const from = describeSource(change.before);
  const to = describeSource(change.after);
  return from === to ? undefined : `was ${from}, now ${to}`;
}
