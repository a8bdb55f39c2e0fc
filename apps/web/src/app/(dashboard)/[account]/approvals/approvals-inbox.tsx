"use client";
// The inbox polls every two seconds, so held calls appear and disappear without a reload.
import { useCallback, useEffect, useState, useTransition } from "react";
import { DecisionBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, Notice } from "@/components/ui/card";
import { controlClass } from "@/components/ui/field";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { TApprovalDto } from "@/server/approvals/list-approvals";
import { decideApprovalAction, listApprovalsAction } from "./actions";

const POLL_MS = 2000;

function PendingItem({
  item,
  canDecide,
  onDecide,
  pending,
}: {
  item: TApprovalDto;
  canDecide: boolean;
  onDecide: (id: string, decision: "approve" | "deny", note: string) => void;
  pending: boolean;
}) {
  const [note, setNote] = useState("");
  return (
    <li id={`approval-${item.id}`} className="space-y-3 px-5 py-4" data-testid={`approval-${item.tool}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold">{item.tool}</span>
        <span className="text-sm text-slate-600">
          on <span className="font-medium">{item.serverSlug}</span> by{" "}
          <span className="font-medium">{item.agentName}</span>
        </span>
        <span className="ml-auto text-xs text-slate-500">
          requested {formatRelative(item.requestedAt)} · expires {formatDateTime(item.expiresAt)}
        </span>
      </div>
      {item.reason ? <p className="text-sm text-slate-700">{item.reason}</p> : null}
      {item.arguments !== null ? (
        <pre className="max-h-40 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs ring-1 ring-slate-200">
          {JSON.stringify(item.arguments, null, 2)}
        </pre>
      ) : item.argumentKeys.length > 0 ? (
        <p className="text-xs text-slate-500">Arguments: {item.argumentKeys.join(", ")}</p>
      ) : null}
      {canDecide ? (
        <div className="flex flex-wrap items-center gap-2">
          <input
            aria-label={`Note for ${item.tool}`}
            placeholder="Note (optional; a denial's note is shown to the agent)"
            value={note}
            onChange={(event) => setNote(event.target.value)}
            className={`${controlClass} max-w-md flex-1 py-1.5`}
          />
          <Button disabled={pending} onClick={() => onDecide(item.id, "approve", note)}>
            Approve
          </Button>
          <Button variant="danger" disabled={pending} onClick={() => onDecide(item.id, "deny", note)}>
            Deny
          </Button>
        </div>
      ) : null}
    </li>
  );
}

export function ApprovalsInbox({
  account,
  initialPending,
  initialRecent,
  canDecide,
}: {
  account: string;
  initialPending: TApprovalDto[];
  initialRecent: TApprovalDto[];
  canDecide: boolean;
}) {
  const [pendingItems, setPendingItems] = useState(initialPending);
  const [recent, setRecent] = useState(initialRecent);
  const [error, setError] = useState<string | null>(null);
  const [busy, startTransition] = useTransition();

  const refresh = useCallback(async () => {
    const [pendingResult, recentResult] = await Promise.all([
      listApprovalsAction(account, "pending"),
      listApprovalsAction(account, null),
    ]);
    if (pendingResult.ok) setPendingItems(pendingResult.data);
    if (recentResult.ok)
      setRecent(recentResult.data.filter((item) => item.status !== "pending").slice(0, 30));
  }, [account]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const decide = (id: string, decision: "approve" | "deny", note: string) =>
    startTransition(async () => {
      setError(null);
      const result = await decideApprovalAction(account, id, decision, note);
      if (!result.ok) setError(result.error.message);
      await refresh();
    });

  return (
    <div className="space-y-6">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Card>
        <CardHeader title={`Pending (${pendingItems.length})`} description="Updates live." />
        {pendingItems.length === 0 ? (
          <EmptyState
            title="Nothing waiting"
            description="Held calls appear here as soon as an agent makes one."
          />
        ) : (
          <ul className="divide-y divide-slate-100">
            {pendingItems.map((item) => (
              <PendingItem key={item.id} item={item} canDecide={canDecide} onDecide={decide} pending={busy} />
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <CardHeader title="Recently decided" />
        {recent.length === 0 ? (
          <EmptyState title="No decisions yet" />
        ) : (
          <ul className="divide-y divide-slate-100">
            {recent.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
                <DecisionBadge decision={item.status} />
                <span className="font-mono">{item.tool}</span>
                <span className="text-slate-600">{item.agentName}</span>
                {item.decisionNote ? <span className="text-slate-600">“{item.decisionNote}”</span> : null}
                <span className="ml-auto text-xs text-slate-500">
                  {item.decidedBy ? `${item.decidedBy} · ` : ""}
                  {formatDateTime(item.decidedAt ?? item.expiresAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
