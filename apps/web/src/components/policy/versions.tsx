"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreVersionAction } from "@/app/(dashboard)/[account]/servers/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, Notice } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";

export interface TVersionRow {
  version: number;
  comment: string | null;
  author: string | null;
  current: boolean;
  publishedAt: string;
  restoredFrom: number | null;
}

export function Versions({
  account,
  serverId,
  versions,
  canEdit,
  policyId,
}: {
  policyId?: string | undefined;
  account: string;
  serverId: string;
  versions: TVersionRow[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader
        title="Version history"
        description="Every published version is kept; restoring publishes it again."
      />
      {error ? (
        <div className="px-5 pt-4">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
      {versions.length === 0 ? (
        <EmptyState title="Nothing published yet" />
      ) : (
        <ol className="divide-y divide-slate-100">
          {versions.map((version) => (
            <li key={version.version} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
              <span className="font-semibold tabular-nums">v{version.version}</span>
              {version.current ? <Badge tone="green">In force</Badge> : null}
              <span className="min-w-0 flex-1 truncate text-slate-700">
                {version.comment || <span className="text-slate-400">No comment</span>}
              </span>
              <span className="text-xs text-slate-500">
                {version.author ?? "unknown"} · {formatDateTime(version.publishedAt)}
              </span>
              {canEdit && !version.current ? (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={pending}
                  onClick={() =>
                    startTransition(async () => {
                      const result = await restoreVersionAction(account, serverId, version.version, policyId);
                      if (result.ok) router.refresh();
                      else setError(result.error.message);
                    })
                  }
                >
                  Restore
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
