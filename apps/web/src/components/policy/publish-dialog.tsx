"use client";
// Publishing shows its effect: what changes, tool by tool, in plain words (the engine's treatment before and
// after), and the replay of the last 1,000 recorded calls against the new version, in the same dialog; the JSON
// line diff is one click away.
import { diffPolicies, type TPolicy } from "@gatehouse/policy";
import { useEffect, useState } from "react";
import { simulateAction } from "@/app/(dashboard)/[account]/servers/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { lineDiff } from "./line-diff";
import { toJsonText } from "./model";
import { PolicyChanges } from "./policy-changes";

const REPLAY = 1000;

type TReplay =
  | { state: "running" }
  | { state: "done"; summary: string; total: number }
  | { state: "failed"; message: string };

function useReplay(open: boolean, run: () => Promise<TReplay>, document: string): TReplay | null {
  const [replay, setReplay] = useState<TReplay | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the dialog opens or the document changes, not when `run`'s identity does
  useEffect(() => {
    if (!open) return;
    let current = true;
    setReplay({ state: "running" });
    run().then(
      (result) => current && setReplay(result),
      () => current && setReplay({ state: "failed", message: "The replay could not run." }),
    );
    return () => {
      current = false;
    };
  }, [open, document]);
  return open ? replay : null;
}

export function PublishDialog({
  open,
  onClose,
  account,
  serverId,
  policyId,
  toolNames,
  before,
  after,
  nextVersion,
  pending,
  onPublish,
}: {
  open: boolean;
  onClose: () => void;
  account: string;
  serverId: string;
  policyId?: string | undefined;
  toolNames: string[];
  before: TPolicy | null;
  after: TPolicy;
  nextVersion: number;
  pending: boolean;
  onPublish: (comment: string) => void;
}) {
  const [comment, setComment] = useState("");
  const afterText = toJsonText(after);
  const replay = useReplay(
    open,
    async () => {
      const answer = await simulateAction(account, serverId, {
        draft: after,
        replay: REPLAY,
        ...(policyId ? { policyId } : {}),
      });
      if (!answer.ok) return { state: "failed", message: answer.error.message };
      const report = "replay" in answer.data ? answer.data.replay : undefined;
      if (!report) return { state: "failed", message: "The replay gave no report." };
      return { state: "done", summary: report.summary, total: report.total };
    },
    afterText,
  );
  const diff = open ? diffPolicies(before, after, toolNames) : { tools: [], other: [] };
  const lines = open ? lineDiff(before ? toJsonText(before) : "", afterText) : [];
  return (
    <Dialog open={open} onClose={onClose} title={`Publish version ${nextVersion}`}>
      <h3 className="mb-2 text-sm font-semibold text-slate-900">
        {before === null ? "What this first version does" : "What changes"}
      </h3>
      {diff.tools.length === 0 && diff.other.length === 0 ? (
        <p className="mb-3 text-sm text-slate-600">No tool is treated differently.</p>
      ) : (
        <PolicyChanges diff={diff} className="mb-3 max-h-56 text-sm" testId="publish-changes" />
      )}
      <div
        className="mb-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200"
        data-testid="publish-replay"
        aria-live="polite"
      >
        {replay === null || replay.state === "running"
          ? `Replaying the last ${REPLAY.toLocaleString("en-US")} calls against this version…`
          : replay.state === "failed"
            ? replay.message
            : replay.total === 0
              ? "No calls recorded yet to replay against this version."
              : replay.summary}
      </div>
      <details className="mb-4 text-xs">
        <summary className="cursor-pointer text-slate-600">JSON changes</summary>
        <pre className="mt-2 max-h-60 overflow-auto rounded-md bg-slate-50 p-3 font-mono ring-1 ring-slate-200">
          {lines.map((line, index) => (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of a diff have no identity but their position
              key={index}
              className={cn(
                line.kind === "add" && "bg-emerald-100 text-emerald-900",
                line.kind === "remove" && "bg-red-100 text-red-900",
              )}
            >
              {line.kind === "add" ? "+ " : line.kind === "remove" ? "- " : "  "}
              {line.text}
            </div>
          ))}
        </pre>
      </details>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onPublish(comment);
        }}
        className="space-y-4"
      >
        <Input
          label="Comment"
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          placeholder="What changed and why"
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Publishing…" : "Publish"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
