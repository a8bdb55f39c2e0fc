"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { lineDiff } from "./line-diff";

export function PublishDialog({
  open,
  onClose,
  before,
  after,
  nextVersion,
  pending,
  onPublish,
}: {
  open: boolean;
  onClose: () => void;
  before: string;
  after: string;
  nextVersion: number;
  pending: boolean;
  onPublish: (comment: string) => void;
}) {
  const [comment, setComment] = useState("");
  const diff = open ? lineDiff(before, after) : [];
  const added = diff.filter((line) => line.kind === "add").length;
  const removed = diff.filter((line) => line.kind === "remove").length;
  return (
    <Dialog open={open} onClose={onClose} title={`Publish version ${nextVersion}`}>
      <p className="mb-3 text-sm text-slate-600">
        {before === ""
          ? "First version of this policy."
          : `Changes against the version in force: +${added} −${removed} lines.`}
      </p>
      <pre className="mb-4 max-h-72 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs ring-1 ring-slate-200">
        {diff.map((line, index) => (
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
