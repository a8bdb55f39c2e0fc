"use client";
// The unsaved-changes marker: whether the edits on screen are saved as the server-side draft.
import type { TSaveStatus } from "./use-autosave";

const TEXT: Record<TSaveStatus, string> = {
  saved: "All changes saved",
  pending: "Unsaved changes",
  saving: "Saving…",
  error: "Not saved",
  unsavable: "Unsaved: fix the JSON to save",
};

export function SaveStatus({ status, error }: { status: TSaveStatus; error: string | null }) {
  const tone =
    status === "saved"
      ? "text-slate-500"
      : status === "error" || status === "unsavable"
        ? "text-red-700"
        : "text-amber-700";
  return (
    <span
      className={`text-xs font-medium whitespace-nowrap ${tone}`}
      data-testid="save-status"
      data-state={status}
      role="status"
      title={error ?? undefined}
    >
      {status !== "saved" ? <span aria-hidden="true">● </span> : null}
      {TEXT[status]}
      {error ? `: ${error}` : null}
    </span>
  );
}
