// Catalogue search results: matching servers, then matching tools with their server and risk.
import type { CatalogSearchResult } from "@gatehouse/catalog";
import Link from "next/link";
import { RiskBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";

export function SearchResults({ query, result }: { query: string; result: CatalogSearchResult }) {
  const count = result.servers.length + result.tools.length;
  if (count === 0) {
    return (
      <EmptyState
        title={`Nothing matches “${query}”`}
        description="Try one word of a tool's name, such as list, delete or env."
      />
    );
  }
  return (
    <div className="space-y-8" data-testid="catalog-results">
      <p className="text-sm text-slate-600" aria-live="polite">
        {result.servers.length} servers and {result.tools.length}
        {result.truncated ? "+" : ""} tools match “{query}”.{" "}
        <Link href="/catalog" className="text-brand-700 hover:underline">
          Clear
        </Link>
      </p>
      {result.servers.length > 0 ? (
        <section className="space-y-2">
          <h2 className="font-semibold text-slate-900">Servers</h2>
          <ul className="space-y-2">
            {result.servers.map((server) => (
              <li key={server.slug}>
                <Link href={`/catalog/${server.slug}`} className="font-medium text-brand-700 hover:underline">
                  {server.name}
                </Link>
                <span className="ml-2 text-xs text-slate-500">{server.toolCount} tools</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.tools.length > 0 ? (
        <section className="space-y-2">
          <h2 className="font-semibold text-slate-900">Tools</h2>
          <ul className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
            {result.tools.map((hit) => (
              <li
                key={`${hit.serverSlug}/${hit.tool.name}`}
                className="flex flex-wrap items-start justify-between gap-3 px-4 py-3"
              >
                <div className="min-w-0">
                  <Link
                    href={`/catalog/${hit.serverSlug}/${encodeURIComponent(hit.tool.name)}`}
                    className="font-mono text-sm font-medium break-all text-brand-700 hover:underline"
                  >
                    {hit.tool.name}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">on {hit.serverName}</span>
                  {hit.tool.description ? (
                    <p className="mt-1 line-clamp-2 max-w-xl text-xs text-slate-600">
                      {hit.tool.description}
                    </p>
                  ) : null}
                </div>
                <RiskBadge
                  category={hit.tool.classification.category}
                  level={hit.tool.classification.level}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
