import { getCatalogEntry } from "@gatehouse/catalog";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RiskBadge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { ProtectButton } from "../protect-button";
import { CatalogSearchForm } from "../search-form";

type P = { params: Promise<{ server: string }> };

export async function generateMetadata({ params }: P): Promise<Metadata> {
  const entry = getCatalogEntry((await params).server);
  return entry
    ? { title: `${entry.name}: ${entry.tools.length} tools, risk-classified`, description: entry.description }
    : { title: "Not found" };
}

export default async function CatalogServerPage({ params }: P) {
  const entry = getCatalogEntry((await params).server);
  if (!entry) notFound();
  const run = [entry.run.command, ...entry.run.args].join(" ");
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">{entry.publisher}</p>
        <h1 className="mt-1 text-3xl font-semibold tracking-tight">{entry.name}</h1>
        <p className="mt-3 max-w-3xl text-slate-600">{entry.description}</p>
        <div className="mt-5 flex flex-wrap gap-3">
          <ProtectButton slug={entry.slug} />
          {entry.repository ? (
            <LinkButton href={entry.repository} variant="secondary">
              Source
            </LinkButton>
          ) : null}
        </div>
      </div>
      <CatalogSearchForm />
      <Card>
        <CardHeader
          title={`${entry.tools.length} tools`}
          description="Classified from each tool's name, description and input schema. Open a tool for the evidence and the rule we recommend."
        />
        <Table label="Tools">
          <thead>
            <tr>
              <Th>Tool</Th>
              <Th>Risk</Th>
              <Th>Recommended</Th>
            </tr>
          </thead>
          <TBody>
            {entry.tools.map((tool) => (
              <tr key={tool.name}>
                <Td>
                  <Link
                    href={`/catalog/${entry.slug}/${encodeURIComponent(tool.name)}`}
                    className="font-mono text-sm font-medium text-brand-700 hover:underline"
                  >
                    {tool.name}
                  </Link>
                  {tool.description ? (
                    <p className="mt-1 line-clamp-2 max-w-md text-xs text-slate-600">{tool.description}</p>
                  ) : null}
                </Td>
                <Td>
                  <RiskBadge category={tool.classification.category} level={tool.classification.level} />
                </Td>
                <Td className="text-xs text-slate-600">{tool.recommendationSummary}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <Card>
        <CardHeader
          title="Recommended starting policy"
          description="Default deny; read tools allowed, writes rate-limited, the rest held or denied. Protect this server to start from it as a draft."
        />
        <CardBody className="space-y-4">
          <CodeBlock value={JSON.stringify(entry.recommendedPolicy, null, 2)} />
          <p className="text-sm text-slate-600">
            Run it: <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{run}</code>
            {entry.run.notes ? <span className="block pt-1 text-xs">{entry.run.notes}</span> : null}
          </p>
        </CardBody>
      </Card>
    </div>
  );
}
