/**
 * Compiles a validated policy into a fast evaluator (DESIGN §4 matching and in-entry order).
 * Precomputes: the hide matchers, an exact-name map, the globs sorted by literal length (first written
 * wins a tie), frozen decision objects, and a bounded per-tool cache of which entry applies, so
 * `decide()` is a map lookup plus the entry's conditions and allocates nothing.
 */
import { type ConditionPredicate, compileCondition } from "./conditions";
import type { ApprovalSpec, PolicyCall, PolicyDecision, RateLimitSpec } from "./decision";
import { compileGlob, isGlob } from "./glob";
import { buildGlobIndex } from "./glob-index";
import { POLICY_DEFAULTS, POLICY_LIMITS } from "./limits";
import { escapePointerToken } from "./pointer";
import type { TCondition, TPolicy, TToolEntry } from "./schema";

/** Which part of the policy governs a tool. */
export type ToolResolution =
  | { kind: "hidden"; rule: string }
  | { kind: "entry"; rule: string; key: string; entry: TToolEntry }
  | { kind: "default"; rule: "/default"; action: "allow" | "deny" };

export interface CompiledPolicy {
  readonly policy: TPolicy;
  /** The decision for a call. Pure; never throws. */
  decide(call: PolicyCall): PolicyDecision;
  /** False when the tool is hidden or default-denied (absent from `tools/list`). */
  isVisible(tool: string): boolean;
  /** The visible tools, in upstream order. */
  filterTools<T extends { name: string }>(tools: readonly T[]): T[];
  /** Which entry (or hide pattern, or default) governs `tool`. */
  resolve(tool: string): ToolResolution;
  /** Tools in the per-tool resolution cache (diagnostics; bounded by RESOLUTION_CACHE_LIMIT). */
  cacheSize(): number;
}

type Evaluator = (args: unknown) => PolicyDecision;

interface Resolved {
  resolution: ToolResolution;
  visible: boolean;
  evaluate: Evaluator;
}

/** Upper bound on the per-tool resolution cache; tool names come from agents, so it must not grow freely. */
export const RESOLUTION_CACHE_LIMIT = 10_000;

function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) out[key] = value;
  return Object.freeze(out) as T;
}

interface ConditionRule {
  test: ConditionPredicate;
  decision: PolicyDecision;
}

function compileEntry(key: string, entry: TToolEntry): Evaluator {
  const rule = `/tools/${escapePointerToken(key)}`;
  if (entry.action === "deny") {
    const denied = withOptional<PolicyDecision>({ kind: "deny", rule }, { reason: entry.reason });
    return () => denied;
  }
  const rateLimit: RateLimitSpec | undefined = entry.rate_limit
    ? Object.freeze({
        key: rule,
        max: entry.rate_limit.max,
        window: entry.rate_limit.window,
        scope: entry.rate_limit.scope ?? POLICY_DEFAULTS.rateLimitScope,
      })
    : undefined;
  const approval: ApprovalSpec = Object.freeze({
    timeout: entry.approval?.timeout ?? POLICY_DEFAULTS.approvalTimeout,
    hold: entry.approval?.hold ?? POLICY_DEFAULTS.approvalHold,
  });
  const conditionRules = (
    list: readonly TCondition[] | undefined,
    name: string,
    kind: "deny" | "require_approval",
  ) =>
    (list ?? []).map(
      (condition, i): ConditionRule => ({
        test: compileCondition(condition),
        decision:
          kind === "deny"
            ? withOptional<PolicyDecision>(
                { kind: "deny", rule: `${rule}/${name}/${i}` },
                { reason: condition.reason ?? entry.reason },
              )
            : withOptional<PolicyDecision>(
                { kind: "require_approval", rule: `${rule}/${name}/${i}`, approval },
                { reason: condition.reason ?? entry.reason, rateLimit },
              ),
      }),
    );
  const denyRules = conditionRules(entry.deny_if, "deny_if", "deny");
  const approveRules =
    entry.action === "require_approval"
      ? []
      : conditionRules(entry.approve_if, "approve_if", "require_approval");
  const final: PolicyDecision =
    entry.action === "require_approval"
      ? withOptional<PolicyDecision>(
          { kind: "require_approval", rule, approval },
          { reason: entry.reason, rateLimit },
        )
      : withOptional<PolicyDecision>({ kind: "allow", rule }, { rateLimit });
  const rules = [...denyRules, ...approveRules];
  if (rules.length === 0) return () => final;
  return (args) => {
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (r.test(args)) return r.decision;
    }
    return final;
  };
}

export function compilePolicy(policy: TPolicy): CompiledPolicy {
  const hide = (policy.hide ?? []).map((pattern, i) => {
    const rule = `/hide/${i}`;
    const decision: PolicyDecision = Object.freeze({ kind: "hidden", rule });
    const resolved: Resolved = {
      resolution: Object.freeze({ kind: "hidden", rule }),
      visible: false,
      evaluate: () => decision,
    };
    return { match: compileGlob(pattern), resolved };
  });

  const exact = new Map<string, Resolved>();
  const globs: { pattern: string; order: number; value: Resolved }[] = [];
  Object.entries(policy.tools ?? {}).forEach(([key, entry], order) => {
    const resolved: Resolved = {
      resolution: Object.freeze({ kind: "entry", rule: `/tools/${escapePointerToken(key)}`, key, entry }),
      visible: true,
      evaluate: compileEntry(key, entry),
    };
    exact.set(key, resolved);
    if (isGlob(key)) globs.push({ pattern: key, order, value: resolved });
  });
  const globIndex = buildGlobIndex(globs);

  const defaultDecision: PolicyDecision = Object.freeze(
    policy.default === "allow" ? { kind: "allow", rule: "/default" } : { kind: "hidden", rule: "/default" },
  );
  const fallback: Resolved = {
    resolution: Object.freeze({ kind: "default", rule: "/default", action: policy.default }),
    visible: policy.default === "allow",
    evaluate: () => defaultDecision,
  };

  const lookup = (tool: string): Resolved => {
    for (const h of hide) if (h.match(tool)) return h.resolved;
    const direct = exact.get(tool);
    if (direct) return direct;
    return globIndex.find(tool) ?? fallback;
  };

  const cache = new Map<string, Resolved>();
  const resolve = (tool: string): Resolved => {
    const cached = cache.get(tool);
    if (cached) return cached;
    const name = typeof tool === "string" ? tool : String(tool);
    const found = lookup(name);
    // Names longer than any policy key are resolved every time rather than kept: they come from agents.
    if (name.length > POLICY_LIMITS.maxPatternLength) return found;
    if (cache.size >= RESOLUTION_CACHE_LIMIT) cache.clear();
    cache.set(name, found);
    return found;
  };

  return Object.freeze({
    policy,
    decide: (call: PolicyCall) => resolve(call.tool).evaluate(call.arguments),
    isVisible: (tool: string) => resolve(tool).visible,
    filterTools: <T extends { name: string }>(tools: readonly T[]) =>
      tools.filter((t) => resolve(t.name).visible),
    resolve: (tool: string) => resolve(tool).resolution,
    cacheSize: () => cache.size,
  });
}
