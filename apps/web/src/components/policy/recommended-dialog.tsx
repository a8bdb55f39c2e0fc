"use client";
// "Recommended" shows what it would change before changing anything: the tool-by-tool effect of merging the
// recommended rules (tools without a rule of their own, or all of them when asked), applied only on confirm.
import { diffPolicies, type TPolicy } from "@gatehouse/policy";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { mergeRecommended, ownRulesAmong } from "./model";
import { PolicyChanges } from "./policy-changes";

export function RecommendedDialog({
  open,
  onClose,
  policy,
  recommended,
  toolNames,
  onApply,
}: {
  open: boolean;
  onClose: () => void;
  policy: TPolicy;
  recommended: TPolicy;
  toolNames: string[];
  onApply: (merged: TPolicy, changes: number) => void;
}) {
  const [replaceOwn, setReplaceOwn] = useState(false);
  const merged = mergeRecommended(policy, recommended, replaceOwn);
  const diff = open ? diffPolicies(policy, merged, toolNames) : { tools: [], other: [] };
  const own = ownRulesAmong(policy, recommended);
  const count = diff.tools.length + diff.other.length;
  return (
    <Dialog open={open} onClose={onClose} title="Apply the recommended rules?">
      <p className="mb-3 text-sm text-slate-600">
        Read tools allowed, Write tools rate-limited, Execute and Financial tools and tools that may expose
        secrets held for approval, Destructive tools denied, everything else denied. Nothing changes until you
        apply it.
      </p>
      {own > 0 ? (
        <label className="mb-3 flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={replaceOwn}
            onChange={(event) => setReplaceOwn(event.target.checked)}
          />
          Also replace the rules you set for {own} tool{own === 1 ? "" : "s"}
        </label>
      ) : null}
      {count === 0 ? (
        <p className="mb-4 text-sm text-slate-700">It would change nothing.</p>
      ) : (
        <PolicyChanges diff={diff} className="mb-4 max-h-64" testId="recommended-changes" />
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={count === 0} onClick={() => onApply(merged, diff.tools.length)}>
          Apply {diff.tools.length} change{diff.tools.length === 1 ? "" : "s"}
        </Button>
      </div>
    </Dialog>
  );
}
