import type { Metadata } from "next";
import Link from "next/link";
import { LinkButton } from "@/components/ui/button";
import { Card, CardBody, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import {
  ACTIVITY_RANGES,
  activityQuery,
  activityWindow,
  type TActivitySearch,
} from "@/server/audit/activity-search";
import { auditChart } from "@/server/audit/audit-chart";
import { countAuditEvents, listAuditEvents, ZAuditQuerySchema } from "@/server/audit/list-audit-events";
import { getAccountContext } from "@/server/auth";
import { ActivityChart } from "./chart";
import { EventsTable } from "./events-table";
import { ActivityFilters, type TFilterChoices } from "./filters";
import { LiveUpdates } from "./live-updates";

export const metadata: Metadata = { title: "Activity" };

const PAGE_SIZE = 50;
/** How many bars the chart has for each range (a minute each in the last hour, half an hour in a day, …). */
const CHART_BUCKETS: Record<keyof typeof ACTIVITY_RANGES, number> = {
  "1h": 60,
  "24h": 48,
  "7d": 84,
  "30d": 60,
};

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ account: string }>;
  searchParams: Promise<TActivitySearch>;
}) {
  const { account } = await params;
  const search = await searchParams;
  const ctx = await getAccountContext(account);
  const renderedAt = new Date().toISOString();
  const window = activityWindow(search);
  const parsed = ZAuditQuerySchema.safeParse(activityQuery(search, window));
  const filters = parsed.success ? parsed.data : { since: window.since, limit: PAGE_SIZE };
  const pageNumber = Math.max(1, Number.parseInt(search.page ?? "1", 10) || 1);
  const [page, total, buckets, servers, agents] = await Promise.all([
    listAuditEvents(ctx, {
      ...filters,
      limit: PAGE_SIZE,
      ...(search.cursor ? { cursor: search.cursor } : {}),
    }),
    countAuditEvents(ctx, filters),
    auditChart(ctx, {
      since: filters.since ?? window.since,
      until: filters.until,
      serverId: filters.serverId,
      agentId: filters.agentId,
      tool: filters.tool,
      buckets: window.until ? 48 : CHART_BUCKETS[window.range],
    }),
    ctx.db.server.findMany({
      where: { organizationId: ctx.organizationId },
      select: { id: true, slug: true },
    }),
    ctx.db.agent.findMany({
      where: { organizationId: ctx.organizationId },
      select: { id: true, name: true },
    }),
  ]);
  const filterQuery = new URLSearchParams(
    Object.entries({ ...search, cursor: undefined, page: undefined }).flatMap(([key, value]) =>
      value ? [[key, value]] : [],
    ),
  );
  const nextQuery = new URLSearchParams(filterQuery);
  if (page.nextCursor) {
    nextQuery.set("cursor", page.nextCursor);
    nextQuery.set("page", String(pageNumber + 1));
  }
  const choices: TFilterChoices = {
    servers: [{ value: "", label: "All servers" }, ...servers.map((s) => ({ value: s.id, label: s.slug }))],
    agents: [{ value: "", label: "All agents" }, ...agents.map((a) => ({ value: a.id, label: a.name }))],
    decisions: [
      { value: "", label: "All decisions" },
      { value: "refused", label: "Refused (any)" },
      ...ZAuditQuerySchema.shape.decision
        .unwrap()
        .options.filter((decision) => decision !== "refused")
        .map((decision) => ({ value: decision, label: decision.replaceAll("_", " ") })),
    ],
    ranges: Object.keys(ACTIVITY_RANGES).map((range) => ({ value: range, label: `Last ${range}` })),
  };
  const first = (pageNumber - 1) * PAGE_SIZE + 1;
  // Live on the first page of an open-ended window; an older page or a fixed window (a count's link) stays still.
  const live = !search.cursor && !window.until;
  return (
    <>
      <PageHeader
        title="Activity"
        description="Every request agents sent through the gateway, with the decision and the rule that made it."
        actions={
          <LinkButton variant="secondary" href={`/${account}/activity/export?${filterQuery.toString()}`}>
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
          <CardHeader
            title="Events"
            description={
              <span data-testid="event-count">{`${total.toLocaleString("en-US")} ${total === 1 ? "event" : "events"}`}</span>
            }
            actions={
              live ? (
                <LiveUpdates
                  probeUrl={`/${account}/activity/live?${filterQuery.toString()}`}
                  renderedAt={renderedAt}
                  shown={{
                    ids: page.events.map((event) => event.id),
                    newest: page.events[0]?.createdAt ?? null,
                    oldest: page.events.at(-1)?.createdAt ?? null,
                    hasRoom: page.events.length < PAGE_SIZE,
                  }}
                />
              ) : null
            }
          />
          <ActivityFilters choices={choices} />
          {page.events.length === 0 ? (
            <EmptyState
              title="No activity"
              description="Calls appear here as soon as an agent uses a gateway URL."
            />
          ) : (
            <EventsTable account={account} events={page.events} />
          )}
          <nav
            aria-label="Pages"
            className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-sm"
          >
            <span className="text-slate-600" data-testid="page-range">
              {page.events.length > 0
                ? `${first.toLocaleString("en-US")}–${(first + page.events.length - 1).toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`
                : `0 of ${total.toLocaleString("en-US")}`}
            </span>
            <span className="flex gap-4">
              {search.cursor ? (
                <Link
                  className="font-medium text-brand-700 hover:underline"
                  href={`/${account}/activity?${filterQuery.toString()}`}
                >
                  ← Newest
                </Link>
              ) : null}
              {page.nextCursor ? (
                <Link
                  className="font-medium text-brand-700 hover:underline"
                  href={`/${account}/activity?${nextQuery.toString()}`}
                >
                  Older →
                </Link>
              ) : null}
            </span>
          </nav>
        </Card>
      </div>
    </>
  );
}
