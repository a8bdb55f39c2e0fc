// The public catalogue: every known server with its tools' risk, and search across servers and tools.
import { listCatalogEntries, searchCatalog } from "@gatehouse/catalog";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge, RiskBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/card";
import { CatalogSearchForm } from "./search-form";
import { SearchResults } from "./search-results";

export const metadata: Metadata = {
  title: "MCP server catalogue",
  description: "Known MCP servers and every tool they expose, risk-classified, with the policy we recommend.",
};

const LEVEL_OF = {
  Read: "low",
  Write: "medium",
  Execute: "high",
  Destructive: "critical",
  Financial: "critical",
} as const;

export default async function CatalogPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const query = q?.trim().slice(0, 200) ?? "";
  const entries = listCatalogEntries();
  const toolCount = entries.reduce((sum, entry) => sum + entry.toolCount, 0);
  return (
    <>
      <PageHeader
        title="MCP server catalogue"
        description={`${entries.length} servers and ${toolCount} tools, each classified by what it can do, with the rule we recommend. Put Gatehouse in front of any of them in minutes.`}
      />
      <div className="mb-8">
        <CatalogSearchForm query={query} />
      </div>
      {query ? (
        <SearchResults query={query} result={searchCatalog(query)} />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {entries.map((entry) => (
            <li key={entry.slug}>
              <Link
                href={`/catalog/${entry.slug}`}
                className="block h-full rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500"
              >
                <div className="flex items-start justify-between gap-3">
                  <h2 className="font-semibold text-slate-900">{entry.name}</h2>
                  <Badge>{entry.toolCount} tools</Badge>
                </div>
                <p className="mt-1 text-xs text-slate-500">{entry.publisher}</p>
                <p className="mt-3 line-clamp-3 text-sm text-slate-600">{entry.description}</p>
                <div className="mt-4 flex flex-wrap gap-1.5">
                  {Object.entries(entry.riskCounts)
                    .filter(([, count]) => count > 0)
                    .map(([category, count]) => (
                      <RiskBadge
                        key={category}
                        category={`${count} ${category}`}
                        level={LEVEL_OF[category as keyof typeof LEVEL_OF]}
                      />
                    ))}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
