import { listCatalogEntries } from "@gatehouse/catalog";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge, RiskBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/card";

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

export default function CatalogPage() {
  const entries = listCatalogEntries();
  return (
    <>
      <PageHeader
        title="MCP server catalogue"
        description="Every tool of these servers, classified by what it can do, with the rule we recommend. Put Gatehouse in front of any of them in minutes."
      />
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
    </>
  );
}
