import type { Metadata } from "next";
import Link from "next/link";
import { DecisionBadge } from "@/components/ui/badge";
import { Button, LinkButton } from "@/components/ui/button";
import { Card, CardBody, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { controlClass } from "@/components/ui/field";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { auditChart } from "@/server/audit/audit-chart";
import { listAuditEvents, ZAuditQuerySchema } from "@/server/audit/list-audit-events";
import { getAccountContext } from "@/server/auth";
import { ActivityChart } from "./chart";

export const metadata: Metadata = { title: "Activity" };

const DECISIONS = ZAuditQuerySchema.shape.decision.unwrap().options;
const RANGES = { "1h": 1, "24h": 24, "7d": 168, "30d": 720 } as const;

type TSearch = {
  serverId?: string;
  agentId?: string;
  tool?: string;
  decision?: string;
  range?: string;
  cursor?: string;
};

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ account: string }>;
  searchParams: Promise<TSearch>;
}) {
  const { account } = await params;
  const search = await searchParams;
  const ctx = await getAccountContext(account);
  const hours = RANGES[(search.range ?? "24h") as keyof typeof RANGES] ?? 24;
  const parsed = ZAuditQuerySchema.safeParse({
    serverId: search.serverId || undefined,
    agentId: search.agentId || undefined,
    tool: search.tool || undefined,
    decision: search.decision || undefined,
    since: new Date(Date.now() - hours * 3600 * 1000),
    cursor: search.cursor || undefined,
    limit: 50,
  });
  const query = parsed.success ? parsed.data : { limit: 50 };
  const [page, buckets, servers, agents] = await Promise.all([
    listAuditEvents(ctx, query),
    auditChart(ctx, { hours: 24, buckets: 48, serverId: query.serverId }),
    ctx.db.server.findMany({
      where: { organizationId: ctx.organizationId },
      select: { id: true, slug: true },
    }),
    ctx.db.agent.findMany({
      where: { organizationId: ctx.organizationId },
      select: { id: true, name: true },
    }),
  ]);
  const exportQuery = new URLSearchParams(
    Object.entries({ ...search, cursor: undefined }).flatMap(([key, value]) => (value ? [[key, value]] : [])),
  );
  const nextQuery = new URLSearchParams(exportQuery);
  if (page.nextCursor) nextQuery.set("cursor", page.nextCursor);
  return (
    <>
      <PageHeader
        title="Activity"
        description="Every request agents sent through the gateway, with the decision and the rule that made it."
        actions={
          <LinkButton variant="secondary" href={`/${account}/activity/export?${exportQuery.toString()}`}>
            Export CSV
          </LinkButton>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardBody>
            <ActivityChart buckets={buckets} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Events" />
          <form className="grid gap-3 border-b border-slate-200 px-5 py-3 sm:grid-cols-3 lg:grid-cols-6">
            <select
              name="serverId"
              aria-label="Server"
              defaultValue={search.serverId ?? ""}
              className={controlClass}
            >
              <option value="">All servers</option>
              {servers.map((server) => (
                <option key={server.id} value={server.id}>
                  {server.slug}
                </option>
              ))}
            </select>
            <select
              name="agentId"
              aria-label="Agent"
              defaultValue={search.agentId ?? ""}
              className={controlClass}
            >
              <option value="">All agents</option>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
            <input
              name="tool"
              aria-label="Tool"
              placeholder="Tool"
              defaultValue={search.tool ?? ""}
              className={controlClass}
            />
            <select
              name="decision"
              aria-label="Decision"
              defaultValue={search.decision ?? ""}
              className={controlClass}
            >
              <option value="">All decisions</option>
              {DECISIONS.map((decision) => (
                <option key={decision} value={decision}>
                  {decision.replaceAll("_", " ")}
                </option>
              ))}
            </select>
            <select
              name="range"
              aria-label="Time range"
              defaultValue={search.range ?? "24h"}
              className={controlClass}
            >
              {Object.keys(RANGES).map((range) => (
                <option key={range} value={range}>
                  Last {range}
                </option>
              ))}
            </select>
            <Button type="submit" variant="secondary">
              Apply
            </Button>
          </form>
          {page.events.length === 0 ? (
            <EmptyState
              title="No activity"
              description="Calls appear here as soon as an agent uses a gateway URL."
            />
          ) : (
            <Table label="Events">
              <thead>
                <tr>
                  <Th>Time</Th>
                  <Th>Decision</Th>
                  <Th>Tool</Th>
                  <Th>Server</Th>
                  <Th>Agent</Th>
                  <Th>Rule and reason</Th>
                  <Th className="text-right">ms</Th>
                </tr>
              </thead>
              <TBody>
                {page.events.map((event) => (
                  <tr
                    key={event.id}
                    data-testid="audit-row"
                    data-decision={event.decision}
                    data-tool={event.tool ?? ""}
                  >
                    <Td className="text-xs whitespace-nowrap">{formatDateTime(event.createdAt)}</Td>
                    <Td>
                      <DecisionBadge decision={event.decision} />
                    </Td>
                    <Td className="font-mono text-xs">{event.tool ?? event.method}</Td>
                    <Td className="text-xs">{event.serverSlug}</Td>
                    <Td className="text-xs">{event.agentName}</Td>
                    <Td className="max-w-sm text-xs">
                      {event.rule ? <code className="text-slate-500">{event.rule}</code> : null}
                      {event.reason ? <div>{event.reason}</div> : null}
                    </Td>
                    <Td className="text-right text-xs tabular-nums">{event.latencyMs ?? ""}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
          {page.nextCursor ? (
            <div className="border-t border-slate-100 px-5 py-3 text-right">
              <Link
                className="text-sm font-medium text-brand-700 hover:underline"
                href={`/${account}/activity?${nextQuery.toString()}`}
              >
                Older events →
              </Link>
            </div>
          ) : null}
        </Card>
      </div>
    </>
  );
}
