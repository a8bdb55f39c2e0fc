/** The shapes of catalogue entries and tools, shared by the lookups (index.ts), search and tool pages. */
import type { RiskCategory, RiskLevel, ToolClassification, TPolicy, TToolEntry } from "@gatehouse/policy";
import type { CatalogServerSource, RawTool } from "./servers";

export interface CatalogTool extends RawTool {
  classification: ToolClassification;
  /** The recommended entry for this tool (DESIGN §6). */
  recommendedRule: TToolEntry;
  /** One sentence explaining it. */
  recommendationSummary: string;
  /** The single-tool policy a catalogue page shows (`default: deny` plus this tool's rule). */
  recommendedPolicy: TPolicy;
}

export interface CatalogEntry extends Omit<CatalogServerSource, "tools"> {
  tools: readonly CatalogTool[];
  /** The recommended policy for the whole server, to start from. */
  recommendedPolicy: TPolicy;
  riskCounts: Readonly<Record<RiskCategory, number>>;
}

export interface CatalogEntrySummary {
  slug: string;
  name: string;
  description: string;
  publisher: string;
  toolCount: number;
  riskCounts: Readonly<Record<RiskCategory, number>>;
  /** The highest level among its tools. */
  highestRisk: RiskLevel;
}
