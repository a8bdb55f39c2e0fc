/**
 * Recommended policies (DESIGN §6): a safe starting point from a tool list's risk classification —
 * default deny, Read allowed, Write rate-limited, Execute and Financial held for approval, Destructive
 * denied; a Read or Write tool rated high (it exposes secrets or changes access) is held for approval too —
 * and the per-tool rule the catalogue pages show.
 */
import {
  type ClassifiableTool,
  classifyTool,
  type RiskCategory,
  type RiskLevel,
  type ToolClassification,
} from "./classify";
import type { TPolicy, TToolEntry } from "./schema";

/** The rate limit recommended for Write tools. */
export const RECOMMENDED_WRITE_RATE_LIMIT = { max: 10, window: 60 } as const;

/** True when the level is above what the category alone gives a Read or Write tool (data exposure). */
function exposed(category: RiskCategory, level: RiskLevel | undefined): boolean {
  return (category === "Read" || category === "Write") && (level === "high" || level === "critical");
}

/** The recommended entry for a tool of `category` (and `level`). Returns a fresh object each time. */
export function recommendedEntry(category: RiskCategory, level?: RiskLevel): TToolEntry {
  if (exposed(category, level)) {
    return {
      action: "require_approval",
      reason: "May expose secrets or change who has access: a person approves each call",
    };
  }
  switch (category) {
    case "Read":
      return {};
    case "Write":
      return { rate_limit: { ...RECOMMENDED_WRITE_RATE_LIMIT } };
    case "Execute":
      return { action: "require_approval", reason: "Runs code or workloads: a person approves each call" };
    case "Financial":
      return { action: "require_approval", reason: "Moves money: a person approves each call" };
    case "Destructive":
      return { action: "deny", reason: "Destructive: enable it deliberately if an agent needs it" };
  }
}

/** One sentence explaining the recommended entry, for the UI. */
export function recommendationSummary(category: RiskCategory, level?: RiskLevel): string {
  if (exposed(category, level)) {
    return "May expose secrets or change who has access, so each call waits for a person's approval.";
  }
  switch (category) {
    case "Read":
      return "Read-only, so it stays allowed.";
    case "Write":
      return `Changes state, so it is allowed at most ${RECOMMENDED_WRITE_RATE_LIMIT.max} times per ${RECOMMENDED_WRITE_RATE_LIMIT.window} s per session.`;
    case "Execute":
      return "Runs code or workloads, so each call waits for a person's approval.";
    case "Financial":
      return "Moves money, so each call waits for a person's approval.";
    case "Destructive":
      return "Cannot be taken back, so it is denied until you decide otherwise.";
  }
}

/**
 * A recommended policy for `tools` (classified with `classifyTool` unless a classification is given).
 * Tool names containing `*` are left out: as keys they would act as globs over other tools.
 */
export function recommendPolicy(
  tools: readonly (ClassifiableTool & {
    classification?: Pick<ToolClassification, "category"> & { level?: RiskLevel };
  })[],
): TPolicy {
  const entries = new Map<string, TToolEntry>();
  for (const tool of tools) {
    if (tool.name.includes("*") || entries.has(tool.name)) continue;
    const { category, level } = tool.classification ?? classifyTool(tool);
    entries.set(tool.name, recommendedEntry(category, level));
  }
  // Object.fromEntries defines own properties, so a tool named `__proto__` stays an ordinary key.
  return { version: "1", default: "deny", tools: Object.fromEntries(entries) };
}

/** The single-tool policy shown on a catalogue page ("This is the rule we recommend for …"). */
export function recommendedToolPolicy(
  tool: ClassifiableTool,
  category?: RiskCategory,
  level?: RiskLevel,
): TPolicy {
  const classified = category === undefined ? classifyTool(tool) : { category, level };
  return {
    version: "1",
    default: "deny",
    tools: Object.fromEntries([[tool.name, recommendedEntry(classified.category, classified.level)]]),
  };
}
