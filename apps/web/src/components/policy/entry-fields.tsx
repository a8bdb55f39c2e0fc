"use client";
// The fields of one entry (a tool's or a pattern's), shown by its state: the rate limit for Custom, the reason for
// Deny, Require approval and Custom, and Custom's conditions.
import type { TPolicy } from "@gatehouse/policy";
import { controlBase, controlClass } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { ConditionsEditor } from "./conditions-editor";
import { patchEntry, type TToolState } from "./model";

const small = cn(controlClass, "py-1.5");
// The shared control is full-width; number fields stay narrow beside their labels.
const narrow = cn(controlBase, "w-24 py-1.5");

function NumberInput({
  label,
  value,
  onChange,
  disabled,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  disabled: boolean;
}) {
  return (
    <input
      type="number"
      min={1}
      aria-label={label}
      disabled={disabled}
      value={value ?? ""}
      onChange={(event) => onChange(event.target.value === "" ? undefined : Number(event.target.value))}
      className={narrow}
    />
  );
}

export function EntryFields({
  name,
  state,
  policy,
  onChange,
  readOnly,
}: {
  /** The entry's key: a tool name or a pattern. */
  name: string;
  state: TToolState;
  policy: TPolicy;
  onChange: (policy: TPolicy) => void;
  readOnly: boolean;
}) {
  const entry = policy.tools?.[name];
  return (
    <div className="flex flex-wrap items-center gap-2">
      {state === "custom" ? (
        <>
          <NumberInput
            label={`Max calls for ${name}`}
            value={entry?.rate_limit?.max}
            disabled={readOnly}
            onChange={(max) => {
              // An emptied field is a number being retyped, not a request to drop the limit.
              if (max === undefined) return;
              onChange(
                patchEntry(policy, name, { rate_limit: { ...(entry?.rate_limit ?? { window: 60 }), max } }),
              );
            }}
          />
          <span className="text-xs text-slate-500">calls per</span>
          <NumberInput
            label={`Window in seconds for ${name}`}
            value={entry?.rate_limit?.window}
            disabled={readOnly}
            onChange={(window) => {
              if (window === undefined) return;
              onChange(
                patchEntry(policy, name, { rate_limit: { ...(entry?.rate_limit ?? { max: 10 }), window } }),
              );
            }}
          />
          <span className="text-xs text-slate-500">s</span>
        </>
      ) : null}
      {state === "deny" || state === "require_approval" || state === "custom" ? (
        <input
          aria-label={`Reason for ${name}`}
          placeholder={state === "deny" ? "Reason shown to the agent" : "Reason (optional)"}
          disabled={readOnly}
          value={entry?.reason ?? ""}
          onChange={(event) => onChange(patchEntry(policy, name, { reason: event.target.value }))}
          className={cn(small, "min-w-40 flex-1")}
        />
      ) : null}
      {state === "custom" ? (
        <ConditionsEditor
          tool={name}
          entry={entry}
          readOnly={readOnly}
          onChange={(patch) => onChange(patchEntry(policy, name, patch))}
        />
      ) : null}
    </div>
  );
}
