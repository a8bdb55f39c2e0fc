/**
 * Search across the catalogue: servers by name, publisher and description, tools by name, title and
 * description. Every word of the query must match (case-insensitive); name matches rank first.
 */
import type { CatalogEntrySummary, CatalogTool } from "./entry-types";

export interface CatalogToolHit {
  serverSlug: string;
  serverName: string;
  tool: CatalogTool;
}

export interface CatalogSearchResult {
  servers: CatalogEntrySummary[];
  tools: CatalogToolHit[];
  /** More tools matched than were returned. */
  truncated: boolean;
}

export const SEARCH_LIMIT = 50;

function wordsOf(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
}

function matchesAll(words: readonly string[], ...fields: Array<string | undefined>): boolean {
  const text = fields
    .filter(Boolean)
    .join(" ")
    .toLowerCase()
    // "delete vm" finds delete_virtual_machine and deleteVm alike.
    .replace(/[_-]/g, " ");
  return words.every((word) => text.includes(word.replace(/[_-]/g, " ")));
}

export function searchEntries(
  query: string,
  servers: readonly CatalogEntrySummary[],
  toolsOf: (slug: string) => readonly CatalogTool[],
): CatalogSearchResult {
  const words = wordsOf(query);
  if (words.length === 0) return { servers: [], tools: [], truncated: false };
  const serverHits = servers.filter((server) =>
    matchesAll(words, server.name, server.slug, server.publisher, server.description),
  );
  const hits: Array<CatalogToolHit & { byName: boolean }> = [];
  for (const server of servers) {
    for (const tool of toolsOf(server.slug)) {
      if (!matchesAll(words, tool.name, tool.title, tool.description, server.name)) continue;
      hits.push({
        serverSlug: server.slug,
        serverName: server.name,
        tool,
        byName: matchesAll(words, tool.name, tool.title),
      });
    }
  }
  hits.sort((a, b) => Number(b.byName) - Number(a.byName));
  return {
    servers: serverHits,
    tools: hits.slice(0, SEARCH_LIMIT).map(({ byName: _, ...hit }) => hit),
    truncated: hits.length > SEARCH_LIMIT,
  };
}
