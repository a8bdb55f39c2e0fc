import type { Metadata } from "next";
import { Badge, RiskBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, Notice } from "@/components/ui/card";
import { controlClass } from "@/components/ui/field";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { exampleArguments } from "@/lib/example-arguments";
import { formatRelative } from "@/lib/format";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { listTools } from "@/server/tools/list-tools";
import { getServerForPage } from "./load";
import { TestCallPanel } from "./test-call-panel";
import { AcceptButton, SyncButton } from "./tool-buttons";

export const metadata: Metadata = { title: "Tools" };

const RISK_FILTERS = [
  "Read",
  "Write",
  "Execute",
  "Destructive",
  "Financial",
  "low",
  "medium",
  "high",
  "critical",
];

export default async function ServerToolsPage({
  params,
  searchParams,
}: {
  params: Promise<{ account: string; server: string }>;
  searchParams: Promise<{
    q?: string;
    risk?: string;
    changed?: string;
    registered?: string;
    synced?: string;
  }>;
}) {
  const { account, server: slug } = await params;
  const query = await searchParams;
  const ctx = await getAccountContext(account);
  const server = await getServerForPage(ctx, slug);
  const tools = await listTools(ctx, server.id, {
    q: query.q,
    risk: query.risk,
    changed: query.changed === "1",
  });
  const canEdit = hasRole(ctx.role, "policy_manager");
  const filtered = Boolean(query.q || query.risk || query.changed);
  return (
    <div className="space-y-4">
      {query.registered && query.synced && !server.lastSyncError ? (
        <Notice tone="success">
          Server registered: Gatehouse connected to it and classified its {query.synced} tools. Nothing
          reaches it until you publish a policy.
        </Notice>
      ) : query.registered && tools.length === 0 && !filtered ? (
        <Notice tone="success">Server registered. Sync its tools to see what agents could call.</Notice>
      ) : null}
      {server.lastSyncError ? <Notice tone="error">Last sync failed: {server.lastSyncError}</Notice> : null}
      <Card>
        <CardHeader
          title="Tools"
          description={`Last synced ${formatRelative(server.lastSyncedAt)}. Risk is classified from each tool's name, description and schema.`}
          actions={canEdit ? <SyncButton account={account} serverId={server.id} /> : null}
        />
        <form className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-5 py-3">
          <label className="min-w-48 flex-1">
            <span className="sr-only">Search tools</span>
            <input name="q" defaultValue={query.q} placeholder="Search tools" className={controlClass} />
          </label>
          <label>
            <span className="sr-only">Risk</span>
            <select name="risk" defaultValue={query.risk ?? ""} className={controlClass}>
              <option value="">Any risk</option>
              {RISK_FILTERS.map((risk) => (
                <option key={risk} value={risk}>
                  {risk}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="changed"
              value="1"
              defaultChecked={query.changed === "1"}
              className="size-4"
            />
            Changed only
          </label>
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        {tools.length === 0 ? (
          <EmptyState
            title={filtered ? "No tools match" : "No tools yet"}
            description={filtered ? "Try another search or filter." : "Sync the server to list its tools."}
          />
        ) : (
          <Table label="Tools">
            <thead>
              <tr>
                <Th>Tool</Th>
                <Th>Risk</Th>
                <Th className="w-1/2">Why</Th>
              </tr>
            </thead>
            <TBody>
              {tools.map((tool) => (
                <tr key={tool.id} data-testid={`tool-${tool.name}`}>
                  <Td>
                    <div className="font-mono text-sm font-medium text-slate-900">{tool.name}</div>
                    {tool.description ? (
                      <p className="mt-1 line-clamp-2 max-w-md text-xs text-slate-600">{tool.description}</p>
                    ) : null}
                    {tool.changed ? (
                      <div className="mt-2 flex flex-wrap items-center gap-2">
                        <Badge tone="orange" title="The server now describes this tool differently">
                          Definition changed
                        </Badge>
                        {canEdit ? (
                          <AcceptButton account={account} serverId={server.id} name={tool.name} />
                        ) : null}
                      </div>
                    ) : null}
                  </Td>
                  <Td>
                    <RiskBadge category={tool.riskCategory} level={tool.riskLevel} />
                  </Td>
                  <Td>
                    <ul className="flex flex-wrap gap-1">
                      {tool.evidence.map((item) => (
                        <li key={item} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                          {item}
                        </li>
                      ))}
                    </ul>
                    <details className="mt-1 text-xs text-slate-600">
                      <summary className="cursor-pointer text-brand-700">Rationale</summary>
                      <p className="mt-1 max-w-prose">{tool.rationale}</p>
                    </details>
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {canEdit && !filtered && tools.length > 0 ? (
        <TestCallPanel
          account={account}
          serverId={server.id}
          tools={tools
            .filter((tool) => !tool.removed)
            .map((tool) => ({ name: tool.name, example: exampleArguments(tool.inputSchema) }))}
        />
      ) : null}
    </div>
  );
}
