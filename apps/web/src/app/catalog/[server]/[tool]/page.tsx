// A catalogue tool page in the spirit of the reference page: what the tool does on its server, its risk and the
// rationale from its evidence, the recommended rule, how to rate-limit, hold or deny it, related tools of the
// server and the questions people ask. The words come from @gatehouse/catalog (catalogToolPage).
import { catalogToolPage, getCatalogEntry, getCatalogTool } from "@gatehouse/catalog";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RiskBadge } from "@/components/ui/badge";
import { Card, CardBody } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import { ProtectButton } from "../../protect-button";
import { PolicySnippets } from "./policy-snippets";

type P = { params: Promise<{ server: string; tool: string }> };

async function load(params: P["params"]) {
  const { server, tool } = await params;
  const entry = getCatalogEntry(server);
  const found = getCatalogTool(server, decodeURIComponent(tool));
  return entry && found ? { entry, tool: found } : null;
}

export async function generateMetadata({ params }: P): Promise<Metadata> {
  const found = await load(params);
  return found
    ? {
        title: `${found.tool.name} on ${found.entry.name}: ${found.tool.classification.level} risk`,
        description: found.tool.description ?? found.tool.classification.rationale,
      }
    : { title: "Not found" };
}

function Section({ id, title, children }: { id?: string; title: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={id ? `${id}-title` : undefined} className="space-y-3">
      <h2 id={id ? `${id}-title` : undefined} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function CatalogToolPage({ params }: P) {
  const found = await load(params);
  if (!found) notFound();
  const { entry, tool } = found;
  const { category, level, evidence, rationale } = tool.classification;
  const name = tool.name;
  const page = catalogToolPage(entry, tool);
  return (
    <article className="space-y-10">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/catalog" className="hover:underline">
          Catalogue
        </Link>{" "}
        /{" "}
        <Link href={`/catalog/${entry.slug}`} className="hover:underline">
          {entry.name}
        </Link>
      </nav>
      <header>
        <RiskBadge category={category} level={level} />
        <h1 className="mt-3 font-mono text-3xl font-semibold tracking-tight break-words">{name}</h1>
        {tool.description ? (
          <p className="mt-3 max-w-3xl text-lg text-slate-600">{tool.description}</p>
        ) : null}
        <a href="#control" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
          How to control {name} ↓
        </a>
      </header>
      <Section id="does" title={`What ${name} does on ${entry.name}`}>
        <p className="max-w-3xl text-slate-700">{page.usage}</p>
      </Section>
      <Section id="why" title={`Why ${name} needs a policy`}>
        <RiskBadge category={category} level={level} />
        <p className="max-w-3xl text-slate-700">{page.blastRadius}</p>
        <p className="max-w-3xl text-slate-700">{rationale}</p>
        <div>
          <h3 className="text-sm font-medium text-slate-800">From the tool's definition</h3>
          <ul className="mt-2 flex flex-wrap gap-2">
            {evidence.map((item) => (
              <li key={item} className="rounded bg-slate-100 px-2 py-1 text-xs text-slate-700">
                {item}
              </li>
            ))}
          </ul>
        </div>
      </Section>
      <Card>
        <CardBody className="space-y-4">
          <h2 id="control" className="scroll-mt-6 text-xl font-semibold">
            How to control {name}
          </h2>
          <p className="text-slate-700">
            Gatehouse is an MCP gateway: it sits between your AI agents and {entry.name}, and nothing reaches
            the server without passing your rules. This is the rule we recommend for {name}:
          </p>
          <CodeBlock value={JSON.stringify(tool.recommendedPolicy, null, 2)} label="Copy" />
          <p className="text-sm text-slate-600">
            {tool.recommendationSummary} Everything else on the server is denied unless you say otherwise.
          </p>
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
            <li>Create a free account and register {entry.name}: nothing to install.</li>
            <li>Add this policy: paste it, or build it visually.</li>
            <li>Point your MCP client (Claude, Cursor, anything) at your gateway URL.</li>
          </ol>
          <ProtectButton slug={entry.slug} />
        </CardBody>
      </Card>
      <Section id="other-rules" title={`Rate-limit, hold or deny ${name}`}>
        <PolicySnippets page={page} name={name} />
      </Section>
      <Section id="related" title={`Related tools on ${entry.name}`}>
        <ul className="grid gap-2 sm:grid-cols-2">
          {page.related.map((other) => (
            <li key={other.name}>
              <Link
                href={`/catalog/${entry.slug}/${encodeURIComponent(other.name)}`}
                className="flex items-center justify-between gap-3 rounded-md bg-white px-3 py-2 ring-1 ring-slate-200 hover:ring-brand-500"
              >
                <span className="min-w-0 truncate font-mono text-sm text-brand-700">{other.name}</span>
                <RiskBadge category={other.classification.category} level={other.classification.level} />
              </Link>
            </li>
          ))}
        </ul>
        <Link href={`/catalog/${entry.slug}`} className="inline-block text-sm text-brand-700 hover:underline">
          All {entry.tools.length} tools of {entry.name} →
        </Link>
      </Section>
      <Section id="questions" title={`Questions about ${name}`}>
        <div className="space-y-3">
          {page.questions.map(({ question, answer }) => (
            <details key={question} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
              <summary className="cursor-pointer font-medium">{question}</summary>
              <p className="mt-2 text-sm text-slate-700">{answer}</p>
            </details>
          ))}
        </div>
      </Section>
      <Card>
        <CardBody className="space-y-3 text-center">
          <h2 className="text-xl font-semibold">Enforce policy on every {entry.name} tool call.</h2>
          <p className="text-sm text-slate-600">
            {entry.tools.length} {entry.name} tools catalogued and risk-classified. Start from its recommended
            policy as a draft; nothing is enforced until you publish.
          </p>
          <div className="flex justify-center">
            <ProtectButton slug={entry.slug} />
          </div>
        </CardBody>
      </Card>
    </article>
  );
}
