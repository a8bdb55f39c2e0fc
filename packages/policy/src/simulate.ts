/**
 * The simulator ("would this call be allowed?") and the replay of recorded calls against a draft
 * (DESIGN §4): same engine, same agent-facing texts as the gateway. Calls recorded without argument
 * values are replayed on tool-level rules only, and the report counts the conditions it skipped.
 */
import { type CompiledPolicy, compilePolicy } from "./compile";
import type { PolicyCall, PolicyDecision, PolicyDecisionKind } from "./decision";
import {
  type AuditDecision,
  approvalPendingMessage,
  auditDecisionOf,
  deniedMessage,
  UNKNOWN_TOOL_ERROR_CODE,
  unknownToolMessage,
} from "./messages";
import type { TPolicy, TToolEntry } from "./schema";

export interface SimulationResult {
  decision: PolicyDecision;
  /** The audit vocabulary's name for it, before counting or approval (`allowed`, `denied`, …). */
  outcome: AuditDecision;
  /** Whether the tool appears in `tools/list`. */
  visible: boolean;
  /** What the agent would read, or null when the call is forwarded upstream. */
  agentText: string | null;
  /** JSON-RPC error code when the call is answered as an error (unknown tool), else null. */
  errorCode: number | null;
  /** One sentence for people. */
  explanation: string;
}

function asCompiled(policy: TPolicy | CompiledPolicy): CompiledPolicy {
  return "decide" in policy ? policy : compilePolicy(policy);
}

/** What the engine decides for `call`, with the texts the agent would see. */
export function simulateCall(policy: TPolicy | CompiledPolicy, call: PolicyCall): SimulationResult {
  const compiled = asCompiled(policy);
  const decision = compiled.decide(call);
  const base = { decision, outcome: auditDecisionOf(decision), visible: compiled.isVisible(call.tool) };
  switch (decision.kind) {
    case "hidden":
      return {
        ...base,
        agentText: unknownToolMessage(call.tool),
        errorCode: UNKNOWN_TOOL_ERROR_CODE,
        explanation: `Hidden by ${decision.rule}: not listed, and a call is answered as for an unknown tool.`,
      };
    case "deny":
      return {
        ...base,
        agentText: deniedMessage(decision.reason),
        errorCode: null,
        explanation: `Denied by ${decision.rule}.`,
      };
    case "require_approval":
      return {
        ...base,
        agentText: approvalPendingMessage("…"),
        errorCode: null,
        explanation: `Needs a person's approval (${decision.rule}): held up to ${decision.approval.hold} s, the request waits ${decision.approval.timeout} s.`,
      };
    case "allow":
      return {
        ...base,
        agentText: null,
        errorCode: null,
        explanation: decision.rateLimit
          ? `Allowed by ${decision.rule}, at most ${decision.rateLimit.max} calls per ${decision.rateLimit.window} s per ${decision.rateLimit.scope}.`
          : `Allowed by ${decision.rule}.`,
      };
  }
}

/** A call from the audit log. `arguments` is absent when argument values were not recorded. */
export interface RecordedCall {
  id?: string;
  tool: string;
  arguments?: unknown;
  /** What was decided when it happened (the audit vocabulary). */
  decision?: AuditDecision;
}

export interface ReplayChange {
  index: number;
  id?: string;
  tool: string;
  before: PolicyDecisionKind;
  after: PolicyDecisionKind;
  rule: string;
  reason?: string;
  /** True when the call had no recorded arguments and was replayed on tool-level rules. */
  toolLevelOnly: boolean;
}

export interface ReplayReport {
  total: number;
  changed: number;
  unchanged: number;
  /** Calls whose before-decision is unknown (no recorded decision and no current policy given). */
  unknownBefore: number;
  /** Counts by transition, e.g. `{"allow→deny": 14}`. */
  transitions: Record<string, number>;
  changes: ReplayChange[];
  /** Calls replayed without arguments. */
  callsWithoutArguments: number;
  /** Conditions (deny_if / approve_if) that could not be evaluated because arguments were not recorded. */
  conditionsNotEvaluated: number;
}

/** The engine decision kind a recorded audit decision corresponds to. */
export function kindOfAuditDecision(decision: AuditDecision): PolicyDecisionKind | undefined {
  switch (decision) {
    case "allowed":
    case "rate_limited":
      return "allow";
    case "denied":
      return "deny";
    case "hidden":
      return "hidden";
    case "approval_pending":
    case "approved":
    case "approval_denied":
    case "approval_expired":
      return "require_approval";
    case "upstream_error":
      return undefined;
  }
}

function stripConditions(policy: TPolicy): TPolicy {
  const tools = Object.entries(policy.tools ?? {}).map(([key, entry]): [string, TToolEntry] => {
    const { deny_if: _deny, approve_if: _approve, ...rest } = entry;
    return [key, rest];
  });
  return { ...policy, tools: Object.fromEntries(tools) };
}

function conditionsOf(compiled: CompiledPolicy, tool: string): number {
  const resolution = compiled.resolve(tool);
  if (resolution.kind !== "entry" || resolution.entry.action === "deny") return 0;
  return (resolution.entry.deny_if?.length ?? 0) + (resolution.entry.approve_if?.length ?? 0);
}

export interface ReplayOptions {
  /** Compare with this policy's decisions instead of the recorded ones. */
  current?: TPolicy | CompiledPolicy;
  /** Most changes listed in the report (all are counted). Default 1,000. */
  maxChanges?: number;
}

/** Replays recorded calls against `draft` and reports which decisions change and how. */
export function replayCalls(
  draft: TPolicy | CompiledPolicy,
  calls: readonly RecordedCall[],
  options: ReplayOptions = {},
): ReplayReport {
  const full = asCompiled(draft);
  const toolLevel = compilePolicy(stripConditions(full.policy));
  const current = options.current ? asCompiled(options.current) : undefined;
  const currentToolLevel = current ? compilePolicy(stripConditions(current.policy)) : undefined;
  const maxChanges = options.maxChanges ?? 1_000;
  const report: ReplayReport = {
    total: calls.length,
    changed: 0,
    unchanged: 0,
    unknownBefore: 0,
    transitions: {},
    changes: [],
    callsWithoutArguments: 0,
    conditionsNotEvaluated: 0,
  };
  calls.forEach((call, index) => {
    const hasArguments = call.arguments !== undefined;
    if (!hasArguments) {
      report.callsWithoutArguments++;
      report.conditionsNotEvaluated += conditionsOf(full, call.tool);
    }
    const after = (hasArguments ? full : toolLevel).decide(call);
    let before: PolicyDecisionKind | undefined;
    if (current && currentToolLevel) before = (hasArguments ? current : currentToolLevel).decide(call).kind;
    else if (call.decision) before = kindOfAuditDecision(call.decision);
    if (before === undefined) {
      report.unknownBefore++;
      return;
    }
    if (before === after.kind) {
      report.unchanged++;
      return;
    }
    report.changed++;
    const transition = `${before}→${after.kind}`;
    report.transitions[transition] = (report.transitions[transition] ?? 0) + 1;
    if (report.changes.length < maxChanges) {
      const change: ReplayChange = {
        index,
        tool: call.tool,
        before,
        after: after.kind,
        rule: after.rule,
        toolLevelOnly: !hasArguments,
      };
      if (call.id !== undefined) change.id = call.id;
      if ("reason" in after && after.reason !== undefined) change.reason = after.reason;
      report.changes.push(change);
    }
  });
  return report;
}

/** "This change would have denied 14 of 200 calls…" — a one-line summary of a replay. */
export function replaySummary(report: ReplayReport): string {
  const count = (to: PolicyDecisionKind) =>
    Object.entries(report.transitions)
      .filter(([transition]) => transition.endsWith(`→${to}`))
      .reduce((sum, [, n]) => sum + n, 0);
  const parts: string[] = [];
  const denied = count("deny") + count("hidden");
  const held = count("require_approval");
  const allowed = count("allow");
  if (denied) parts.push(`denied ${denied}`);
  if (held) parts.push(`held ${held} for approval`);
  if (allowed) parts.push(`allowed ${allowed} more`);
  const last = `the last ${report.total.toLocaleString("en-US")} call${report.total === 1 ? "" : "s"}`;
  const head =
    parts.length === 0
      ? `This change would not have changed any of ${last}`
      : `This change would have ${parts.join(", ")} of ${last}`;
  const tail =
    report.conditionsNotEvaluated > 0
      ? `; ${report.conditionsNotEvaluated} conditions could not be evaluated (${report.callsWithoutArguments} calls were recorded without arguments)`
      : "";
  return `${head}${tail}.`;
}
