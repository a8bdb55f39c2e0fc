// One audit event in full: what was asked, by whom, in which session, what the gateway decided and why (the rule's
// JSON Pointer into the policy and the reason), how long it took and what the upstream answered.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Badge, DecisionBadge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatDateTime } from "@/lib/format";
import { getAuditEvent } from "@/server/audit/get-audit-event";
import { getAccountContext } from "@/server/auth";

export const metadata: Metadata = { title: "Event" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-500">—</span>;

export default async function EventPage({ params }: { params: Promise<{ account: string; event: string }> }) {
  const { account, event: id } = await params;
  const ctx = await getAccountContext(account);
  const event = await getAuditEvent(ctx, id);
  if (!event) notFound();
  const storesValues = event.arguments !== null && event.arguments !== undefined;
  return (
    <>
      <p className="mb-3 text-sm">
        <Link href={`/${account}/activity`} className="font-medium text-brand-700 hover:underline">
          ← Activity
        </Link>
      </p>
      <PageHeader
        title={<span className="font-mono break-all">{event.tool ?? event.method}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <DecisionBadge decision={event.decision} />
            <RelativeTime iso={event.createdAt} />
          </span>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Decision" />
          <CardBody className="py-0">
            <dl className="divide-y divide-slate-100" data-testid="event-detail">
              <Row label="Decision">{event.decision.replaceAll("_", " ")}</Row>
              <Row label="Rule">
                {event.rule ? (
                  <code className="text-xs" title="A JSON Pointer into the policy that decided">
                    {event.rule}
                  </code>
                ) : (
                  none
                )}
              </Row>
              <Row label="Reason">{event.reason ?? none}</Row>
              <Row label="Time">{formatDateTime(event.createdAt)}</Row>
              <Row label="Latency">{event.latencyMs === null ? none : `${event.latencyMs} ms`}</Row>
              <Row label="Upstream status">{event.upstreamStatus ?? none}</Row>
              {event.approvalId ? (
                <Row label="Approval">
                  <Link href={`/${account}/approvals`} className="text-brand-700 hover:underline">
                    {event.approvalId}
                  </Link>
                </Row>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Request" />
          <CardBody className="py-0">
            <dl className="divide-y divide-slate-100">
              <Row label="Method">
                <code className="text-xs">{event.method}</code>
              </Row>
              <Row label="Server">
                {event.serverSlug ? (
                  <Link
                    href={`/${account}/servers/${event.serverSlug}`}
                    className="text-brand-700 hover:underline"
                  >
                    {event.serverSlug}
                  </Link>
                ) : (
                  none
                )}
              </Row>
              <Row label="Agent">
                {event.agentId && event.agentName ? (
                  <Link
                    href={`/${account}/agents/${event.agentId}`}
                    className="text-brand-700 hover:underline"
                  >
                    {event.agentName}
                  </Link>
                ) : (
                  none
                )}
              </Row>
              <Row label="Session">
                {event.sessionId ? <code className="text-xs break-all">{event.sessionId}</code> : none}
              </Row>
              {event.upstreamConnection ? (
                <Row label="Upstream connection">{event.upstreamConnection}</Row>
              ) : null}
              <Row label="Argument keys">
                {event.argumentKeys.length > 0 ? (
                  <span className="flex flex-wrap gap-1" data-testid="argument-keys">
                    {event.argumentKeys.map((key) => (
                      <Badge key={key}>{key}</Badge>
                    ))}
                  </span>
                ) : (
                  none
                )}
              </Row>
              <Row label="Argument values">
                {storesValues ? (
                  <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 text-xs ring-1 ring-slate-200">
                    {JSON.stringify(event.arguments, null, 2)}
                  </pre>
                ) : (
                  <span className="text-slate-600">
                    Not stored: this account keeps argument keys only (
                    <Link href={`/${account}/settings`} className="text-brand-700 hover:underline">
                      settings
                    </Link>
                    ).
                  </span>
                )}
              </Row>
              <Row label="Event id">
                <code className="text-xs break-all">{event.id}</code>
              </Row>
            </dl>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
