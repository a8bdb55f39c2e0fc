/**
 * Explains a policy for people: for each tool, which part of the policy governs it and why (an exact entry, a
 * pattern, a hide pattern, or the default), what a call gets when none of the entry's conditions match, and
 * which other rules match it but lose; for each rule (entry or hide pattern), the tools it governs and the ones
 * it matches but loses. The governing rule is the compiled engine's own `resolve` — the code the gateway runs —
 * so what the dashboard shows cannot drift from what is enforced.
 */
import { type CompiledPolicy, compilePolicy } from "./compile";
import type { RateLimitScope } from "./decision";
import { compileGlob, isGlob } from "./glob";
import { POLICY_DEFAULTS } from "./limits";
import { escapePointerToken } from "./pointer";
import type { TPolicy, TToolEntry } from "./schema";

/** Why a tool gets what it gets. */
export type ToolSource = "exact" | "pattern" | "hidden" | "default";
/** What a call gets when no condition of the governing entry matches (before rate limiting). */
export type ToolEffect = "allow" | "deny" | "require_approval" | "hidden";

export interface RuleRef {
  /** JSON Pointer of the rule: `/tools/KEY` or `/hide/I`. */
  rule: string;
  /** The entry's key or the hide pattern. */
  key: string;
}

export interface ToolExplanation {
  tool: string;
  source: ToolSource;
  /** JSON Pointer of the governing rule (`/tools/KEY`, `/hide/I`, `/default`): the engine's decision rule. */
  rule: string;
  /** The entry key or hide pattern that applies; absent for the default. */
  key?: string;
  effect: ToolEffect;
  /** True when the entry has conditions that change the effect for some arguments. */
  conditional: boolean;
  denyIf: number;
  approveIf: number;
  rateLimit?: { max: number; window: number; scope: RateLimitScope };
  reason?: string;
  /** Other rules that match this tool but do not apply to it. */
  overridden: RuleRef[];
}

export interface RuleExplanation extends RuleRef {
  kind: "entry" | "hide";
  pattern: boolean;
  /** Tools (of those given) this rule governs. */
  governs: string[];
  /** Tools (of those given) this rule matches that another rule governs, with that rule. */
  overriddenFor: { tool: string; by: string; byKey?: string }[];
}

export interface PolicyExplanation {
  tools: ToolExplanation[];
  rules: RuleExplanation[];
}

function asCompiled(policy: TPolicy | CompiledPolicy): CompiledPolicy {
  return "decide" in policy ? policy : compilePolicy(policy);
}

function entryEffect(entry: TToolEntry): ToolEffect {
  if (entry.action === "deny") return "deny";
  if (entry.action === "require_approval") return "require_approval";
  return "allow";
}

/** Every rule of the policy in the engine's order: hide patterns first, then entries as written. */
function rulesOf(
  policy: TPolicy,
): (RuleRef & { kind: "entry" | "hide"; match: (name: string) => boolean })[] {
  const hide = (policy.hide ?? []).map((pattern, i) => ({
    kind: "hide" as const,
    key: pattern,
    rule: `/hide/${i}`,
    match: compileGlob(pattern),
  }));
  const entries = Object.keys(policy.tools ?? {}).map((key) => ({
    kind: "entry" as const,
    key,
    rule: `/tools/${escapePointerToken(key)}`,
    match: compileGlob(key),
  }));
  return [...hide, ...entries];
}

/** Why `tool` gets what it gets under `policy`. */
export function explainTool(policy: TPolicy | CompiledPolicy, tool: string): ToolExplanation {
  const compiled = asCompiled(policy);
  const resolution = compiled.resolve(tool);
  const overridden = rulesOf(compiled.policy)
    .filter((r) => r.rule !== resolution.rule && r.match(tool))
    .map(({ rule, key }) => ({ rule, key }));
  const base = { tool, rule: resolution.rule, overridden, conditional: false, denyIf: 0, approveIf: 0 };
  if (resolution.kind === "hidden") {
    const index = Number(resolution.rule.slice("/hide/".length));
    return { ...base, source: "hidden", key: compiled.policy.hide?.[index] ?? "", effect: "hidden" };
  }
  if (resolution.kind === "default") {
    return { ...base, source: "default", effect: resolution.action === "allow" ? "allow" : "hidden" };
  }
  const { entry, key } = resolution;
  const effect = entryEffect(entry);
  const denyIf = effect === "deny" ? 0 : (entry.deny_if?.length ?? 0);
  const approveIf = effect === "allow" ? (entry.approve_if?.length ?? 0) : 0;
  const out: ToolExplanation = {
    ...base,
    source: key === tool ? "exact" : "pattern",
    key,
    effect,
    conditional: denyIf + approveIf > 0,
    denyIf,
    approveIf,
  };
  if (effect !== "deny" && entry.rate_limit) {
    out.rateLimit = {
      max: entry.rate_limit.max,
      window: entry.rate_limit.window,
      scope: entry.rate_limit.scope ?? POLICY_DEFAULTS.rateLimitScope,
    };
  }
  const reason = entry.reason;
  if (reason !== undefined && effect !== "allow") out.reason = reason;
  return out;
}

/** Every given tool explained, and every rule of the policy with the given tools it governs or loses. */
export function explainPolicy(policy: TPolicy | CompiledPolicy, tools: readonly string[]): PolicyExplanation {
  const compiled = asCompiled(policy);
  const explained = tools.map((tool) => explainTool(compiled, tool));
  const rules = rulesOf(compiled.policy).map(({ kind, key, rule, match }): RuleExplanation => {
    const governs: string[] = [];
    const overriddenFor: RuleExplanation["overriddenFor"] = [];
    for (const t of explained) {
      if (t.rule === rule) governs.push(t.tool);
      else if (match(t.tool))
        overriddenFor.push({ tool: t.tool, by: t.rule, ...(t.key ? { byKey: t.key } : {}) });
    }
    return { kind, key, rule, pattern: isGlob(key), governs, overriddenFor };
  });
  return { tools: explained, rules };
}

const EFFECT_TEXT: Record<ToolEffect, string> = {
  allow: "allowed",
  deny: "denied",
  require_approval: "requires approval",
  hidden: "hidden",
};

/** The effect in a few words: "allowed, at most 10 calls per 60 s per session", "denied: no sums". */
export function describeEffect(
  explanation: Pick<ToolExplanation, "effect" | "rateLimit" | "reason" | "denyIf" | "approveIf">,
): string {
  const parts = [EFFECT_TEXT[explanation.effect]];
  if (explanation.rateLimit) {
    const { max, window, scope } = explanation.rateLimit;
    parts.push(`at most ${max} call${max === 1 ? "" : "s"} per ${window} s per ${scope}`);
  }
  if (explanation.denyIf > 0) parts.push(`denied when ${explanation.denyIf} condition(s) match`);
  if (explanation.approveIf > 0)
    parts.push(`needs approval when ${explanation.approveIf} condition(s) match`);
  const text = parts.join(", ");
  return explanation.reason ? `${text}: ${explanation.reason}` : text;
}

/** Why, in a few words: "exact entry", "pattern list_*", "hide pattern debug_*", "default (deny)". */
export function describeSource(explanation: Pick<ToolExplanation, "source" | "key" | "effect">): string {
  switch (explanation.source) {
    case "exact":
      return "its own entry";
    case "pattern":
      return `pattern ${explanation.key}`;
    case "hidden":
      return isGlob(explanation.key ?? "") ? `hide pattern ${explanation.key}` : "the hide list";
    case "default":
      return explanation.effect === "allow" ? "the default (allow)" : "the default (deny)";
  }
}
