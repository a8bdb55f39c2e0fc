import { getCatalogEntry, getCatalogTool } from "@gatehouse/catalog";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RiskBadge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";

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

export default async function CatalogToolPage({ params }: P) {
  const found = await load(params);
  if (!found) notFound();
  const { entry, tool } = found;
  const { category, level, evidence, rationale } = tool.classification;
  const name = tool.name;
  const faq: Array<[string, string]> = [
    [
      `What does ${name} do?`,
      `${tool.description ?? "Its server does not describe it."} It is a ${category} tool on ${entry.name}.`,
    ],
    [
      `What risk level is ${name}?`,
      `${name} is a ${category} tool with ${level} risk. ${tool.recommendationSummary}`,
    ],
    [
      `Can I rate-limit ${name}?`,
      `Yes. Add "rate_limit": {"max": 10, "window": 60} to its rule to allow ten calls per minute per agent session; the counter resets by itself.`,
    ],
    [
      `How do I block ${name} completely?`,
      `Set "action": "deny" in its rule, with a "reason" the agent reads. To hide it from the agent's tool list instead, add it to "hide".`,
    ],
  ];
  return (
    <article className="space-y-8">
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
        <h1 className="mt-3 font-mono text-3xl font-semibold tracking-tight">{name}</h1>
        {tool.description ? (
          <p className="mt-3 max-w-3xl text-lg text-slate-600">{tool.description}</p>
        ) : null}
      </header>
      <section>
        <h2 className="text-xl font-semibold">Why {name} needs a policy</h2>
        <p className="mt-2 max-w-3xl text-slate-700">{rationale}</p>
        <ul className="mt-3 flex flex-wrap gap-2">
          {evidence.map((item) => (
            <li key={item} className="rounded bg-slate-100 px-2 py-1 text-xs text-slate-700">
              {item}
            </li>
          ))}
        </ul>
      </section>
      <Card>
        <CardBody className="space-y-4">
          <h2 className="text-xl font-semibold">How to control {name}</h2>
          <p className="text-slate-700">
            Gatehouse sits between your AI agents and {entry.name}; nothing reaches the server without passing
            your rules. This is the rule we recommend for {name}:
          </p>
          <CodeBlock value={JSON.stringify(tool.recommendedPolicy, null, 2)} />
          <p className="text-sm text-slate-600">
            {tool.recommendationSummary} Everything else on the server is denied unless you say otherwise.
          </p>
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
            <li>Create a free account and register {entry.name}.</li>
            <li>Add this policy: paste it, or build it visually.</li>
            <li>Point your MCP client (Claude, Cursor, anything) at your gateway URL.</li>
          </ol>
          <LinkButton href={`/signup?next=${encodeURIComponent(`/new?from=${entry.slug}`)}`}>
            Protect this server →
          </LinkButton>
        </CardBody>
      </Card>
      <section>
        <h2 className="text-xl font-semibold">Questions about {name}</h2>
        <div className="mt-4 space-y-3">
          {faq.map(([question, answer]) => (
            <details key={question} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
              <summary className="cursor-pointer font-medium">{question}</summary>
              <p className="mt-2 text-sm text-slate-700">{answer}</p>
            </details>
          ))}
        </div>
      </section>
    </article>
  );
}
