import type { Metadata } from "next";
import Link from "next/link";
import { AccountUrlCard } from "@/components/account-url-card";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { accountUrlsFor } from "@/server/accounts/account-urls";
import { activityQuery, activityWindow, type TActivitySearch } from "@/server/audit/activity-search";
import { countAuditEvents } from "@/server/audit/list-audit-events";
import { getAccountContext } from "@/server/auth";
import { FirstRunChecklist } from "./first-run-checklist";
import { ServerHealthCard } from "./server-health-card";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const ctx = await getAccountContext(account);
  const where = { organizationId: ctx.organizationId };
  // Each count is the activity page's query for the window it links to, so the link opens exactly those events.
  const now = Date.now();
  const day = { since: new Date(now - 24 * 3600 * 1000).toISOString(), until: new Date(now).toISOString() };
  const callsSearch: TActivitySearch = { method: "tools/call", ...day };
  const refusedSearch: TActivitySearch = { ...callsSearch, decision: "refused" };
  const countOf = (search: TActivitySearch) =>
    countAuditEvents(ctx, activityQuery(search, activityWindow(search)));
  const activityHref = (search: TActivitySearch) =>
    `/${account}/activity?${new URLSearchParams(search as Record<string, string>).toString()}`;
  const [servers, agents, pending, calls, denials] = await Promise.all([
    ctx.db.server.count({ where }),
    ctx.db.agent.count({ where: { ...where, isAnonymous: false, testCallUserId: null } }),
    ctx.db.approvalRequest.count({ where: { ...where, status: "pending" } }),
    countOf(callsSearch),
    countOf(refusedSearch),
  ]);
  const stats = [
    { label: "Servers", value: servers, href: `/${account}/servers` },
    { label: "Agents", value: agents, href: `/${account}/agents` },
    { label: "Pending approvals", value: pending, href: `/${account}/approvals` },
    { label: "Tool calls (24 h)", value: calls, href: activityHref(callsSearch) },
    { label: "Refused (24 h)", value: denials, href: activityHref(refusedSearch) },
  ];
  return (
    <>
      <PageHeader
        title="Overview"
        description="Every call your agents make passes your policy first."
        actions={<LinkButton href={`/${account}/servers/new`}>Register a server</LinkButton>}
      />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-5">
        {stats.map((stat) => (
          <Link
            key={stat.label}
            href={stat.href}
            className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500"
          >
            <p className="text-xs font-medium text-slate-500">{stat.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums">{stat.value}</p>
          </Link>
        ))}
      </div>
      <FirstRunChecklist ctx={ctx} account={account} />
      <ServerHealthCard ctx={ctx} account={account} />
      <div className="mt-6">
        <AccountUrlCard account={account} urls={accountUrlsFor(ctx)} />
      </div>
    </>
  );
}
