/**
 * @gatehouse/catalog — known MCP servers and their tools, risk-classified with @gatehouse/policy and
 * given the recommended rule, for the dashboard's public catalogue pages and "start from the
 * catalogue". Pure data and lookups; entries are built once, on first use, and frozen.
 */
import {
  classifyTool,
  type RiskCategory,
  type RiskLevel,
  recommendationSummary,
  recommendedEntry,
  recommendedToolPolicy,
  recommendPolicy,
} from "@gatehouse/policy";
import type { CatalogEntry, CatalogEntrySummary, CatalogTool } from "./entry-types";
import { type CatalogSearchResult, searchEntries } from "./search";
import { type CatalogRun, type CatalogServerSource, type RawTool, SERVER_SOURCES } from "./servers";

export type { CatalogEntry, CatalogEntrySummary, CatalogTool } from "./entry-types";
export type { CatalogSearchResult, CatalogToolHit } from "./search";
export type { CatalogQuestion, CatalogToolPage } from "./tool-page";
export { catalogToolPage } from "./tool-page";
export type { CatalogRun, RawTool };

const LEVEL_ORDER: readonly RiskLevel[] = ["low", "medium", "high", "critical"];

function buildTool(tool: RawTool): CatalogTool {
  const classification = classifyTool(tool);
  return {
    ...tool,
    classification,
    recommendedRule: recommendedEntry(classification.category, classification.level),
    recommendationSummary: recommendationSummary(classification.category, classification.level),
    recommendedPolicy: recommendedToolPolicy(tool, classification.category, classification.level),
  };
}

function buildEntry(source: CatalogServerSource): CatalogEntry {
  const tools = source.tools.map(buildTool);
  const riskCounts: Record<RiskCategory, number> = {
    Read: 0,
    Write: 0,
    Execute: 0,
    Destructive: 0,
    Financial: 0,
  };
  for (const tool of tools) riskCounts[tool.classification.category]++;
  return deepFreeze({
    ...source,
    tools,
    riskCounts,
    recommendedPolicy: recommendPolicy(tools),
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let entries: ReadonlyMap<string, CatalogEntry> | undefined;

function all(): ReadonlyMap<string, CatalogEntry> {
  entries ??= new Map(SERVER_SOURCES.map((source) => [source.slug, buildEntry(source)]));
  return entries;
}

/** Every catalogue entry, in catalogue order, summarised for a listing page. */
export function listCatalogEntries(): CatalogEntrySummary[] {
  return [...all().values()].map((entry) => ({
    slug: entry.slug,
    name: entry.name,
    description: entry.description,
    publisher: entry.publisher,
    toolCount: entry.tools.length,
    riskCounts: entry.riskCounts,
    highestRisk: entry.tools.reduce<RiskLevel>(
      (max, tool) =>
        LEVEL_ORDER.indexOf(tool.classification.level) > LEVEL_ORDER.indexOf(max)
          ? tool.classification.level
          : max,
      "low",
    ),
  }));
}

/** One server's full entry (tools, classification, recommended rules), or undefined. */
export function getCatalogEntry(slug: string): CatalogEntry | undefined {
  return all().get(slug);
}

/** One tool of one server, or undefined. */
export function getCatalogTool(slug: string, toolName: string): CatalogTool | undefined {
  return all()
    .get(slug)
    ?.tools.find((tool) => tool.name === toolName);
}

/** Slugs of every entry, for static page generation. */
export function catalogSlugs(): string[] {
  return [...all().keys()];
}

/** Servers and tools matching every word of `query`, across the whole catalogue. */
export function searchCatalog(query: string): CatalogSearchResult {
  return searchEntries(query, listCatalogEntries(), (slug) => all().get(slug)?.tools ?? []);
}
