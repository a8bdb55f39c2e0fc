"use client";
// The parts of one entry (a tool's or a pattern's), by its state: a reason for Deny; a reason and approval timing
// for Require approval; for Custom, what happens when no condition matches, and each of reason, rate limit (with
// scope), conditions and approval timing as a separate, optional part that exists only once the user adds it.
import { POLICY_DEFAULTS, type TPolicy, type TRateLimit, type TToolEntry } from "@gatehouse/policy";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlBase, controlClass } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { ConditionsEditor } from "./conditions-editor";
import { patchEntry, type TToolState } from "./model";
import { NumberField } from "./number-field";

const small = cn(controlClass, "py-1.5");
const note = "text-xs text-slate-500";

function Remove({ label, onClick, hidden }: { label: string; onClick: () => void; hidden: boolean }) {
  if (hidden) return null;
  return (
    <Button size="sm" variant="ghost" aria-label={label} onClick={onClick}>
      ×
    </Button>
  );
}

interface PartProps {
  name: string;
  entry: TToolEntry | undefined;
  patch: (patch: Partial<TToolEntry>) => void;
  readOnly: boolean;
  onRemove: () => void;
}

function ReasonPart({
  name,
  entry,
  patch,
  readOnly,
  onRemove,
  placeholder,
}: PartProps & { placeholder: string }) {
  return (
    <div className="flex w-full items-center gap-1">
      <input
        aria-label={`Reason for ${name}`}
        placeholder={placeholder}
        disabled={readOnly}
        value={entry?.reason ?? ""}
        onChange={(event) => patch({ reason: event.target.value })}
        className={cn(small, "min-w-40 flex-1")}
      />
      <Remove label={`Remove reason of ${name}`} hidden={readOnly} onClick={onRemove} />
    </div>
  );
}

function RatePart({ name, entry, patch, readOnly, onRemove }: PartProps) {
  // Both numbers are needed: until both are valid, the document keeps its last valid limit (or none).
  const [draft, setDraft] = useState<Partial<TRateLimit>>(entry?.rate_limit ?? {});
  const update = (next: Partial<TRateLimit>) => {
    setDraft(next);
    if (next.max !== undefined && next.window !== undefined) {
      patch({
        rate_limit: { max: next.max, window: next.window, ...(next.scope ? { scope: next.scope } : {}) },
      });
    }
  };
  const current = { ...draft, ...(entry?.rate_limit ?? {}) };
  const incomplete = draft.max === undefined || draft.window === undefined;
  return (
    <div className="flex w-full flex-wrap items-center gap-2">
      <span className="text-xs font-medium text-slate-700">Rate limit</span>
      <NumberField
        label={`Max calls for ${name}`}
        value={entry?.rate_limit?.max ?? draft.max}
        min={1}
        max={1_000_000}
        placeholder="max"
        disabled={readOnly}
        onValue={(max) => update({ ...current, max })}
      />
      <span className={note}>calls per</span>
      <NumberField
        label={`Window in seconds for ${name}`}
        value={entry?.rate_limit?.window ?? draft.window}
        min={1}
        max={86_400}
        placeholder="seconds"
        disabled={readOnly}
        onValue={(window) => update({ ...current, window })}
      />
      <span className={note}>s per</span>
      <select
        aria-label={`Rate limit scope for ${name}`}
        disabled={readOnly}
        value={current.scope ?? ""}
        onChange={(event) =>
          update({ ...current, scope: (event.target.value || undefined) as TRateLimit["scope"] })
        }
        className={cn(controlBase, "w-auto py-1.5")}
      >
        <option value="">session (default)</option>
        <option value="session">session</option>
        <option value="agent">agent</option>
        <option value="account">account</option>
      </select>
      <Remove label={`Remove rate limit of ${name}`} hidden={readOnly} onClick={onRemove} />
      {incomplete ? (
        <span className="text-xs text-amber-800">Enter both numbers to apply the limit.</span>
      ) : null}
    </div>
  );
}

function TimingPart({ name, entry, patch, readOnly, onRemove }: PartProps) {
  const set = (key: "timeout" | "hold", value: number | undefined) => {
    const approval: Record<string, number> = { ...(entry?.approval ?? {}) };
    if (value === undefined) delete approval[key];
    else approval[key] = value;
    patch({ approval: Object.keys(approval).length > 0 ? approval : undefined });
  };
  return (
    <div className="flex w-full flex-wrap items-center gap-2">
      <span className="text-xs font-medium text-slate-700">Approval</span>
      <span className={note}>waits</span>
      <NumberField
        label={`Approval timeout for ${name}`}
        value={entry?.approval?.timeout}
        min={1}
        max={POLICY_DEFAULTS.approvalTimeoutMax}
        placeholder={String(POLICY_DEFAULTS.approvalTimeout)}
        disabled={readOnly}
        onValue={(value) => set("timeout", value)}
      />
      <span className={note}>s for a person, holds the call</span>
      <NumberField
        label={`Approval hold for ${name}`}
        value={entry?.approval?.hold}
        min={0}
        max={POLICY_DEFAULTS.approvalHoldMax}
        placeholder={String(POLICY_DEFAULTS.approvalHold)}
        disabled={readOnly}
        onValue={(value) => set("hold", value)}
      />
      <span className={note}>s</span>
      <Remove label={`Remove approval timing of ${name}`} hidden={readOnly} onClick={onRemove} />
    </div>
  );
}

type TPart = "reason" | "rate" | "timing";

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
  // Parts the user added but has not filled in yet: shown, not written.
  const [opened, setOpened] = useState<ReadonlySet<TPart>>(new Set());
  const open = (part: TPart) => setOpened(new Set([...opened, part]));
  const close = (part: TPart, patch: Partial<TToolEntry>) => {
    setOpened(new Set([...opened].filter((p) => p !== part)));
    onChange(patchEntry(policy, name, patch));
  };
  const patch = (p: Partial<TToolEntry>) => onChange(patchEntry(policy, name, p));
  const props = { name, entry, patch, readOnly };
  if (state === "deny") {
    return (
      <ReasonPart
        {...props}
        placeholder="Reason shown to the agent"
        onRemove={() => patch({ reason: undefined })}
      />
    );
  }
  if (state !== "require_approval" && state !== "custom") return null;
  const approves = entry?.action === "require_approval" || (entry?.approve_if?.length ?? 0) > 0;
  const has = {
    reason: entry?.reason !== undefined || opened.has("reason") || state === "require_approval",
    rate: state === "custom" && (entry?.rate_limit !== undefined || opened.has("rate")),
    timing: approves && (entry?.approval !== undefined || opened.has("timing")),
  };
  const add = (part: TPart, label: string, when = true) =>
    has[part] || !when || readOnly ? null : (
      <Button key={part} size="sm" variant="ghost" onClick={() => open(part)}>
        + {label}
      </Button>
    );
  return (
    <div className="flex w-full flex-wrap items-center gap-2">
      {state === "custom" ? (
        <label className="flex items-center gap-2 text-xs text-slate-700">
          <span className="font-medium">When no condition matches</span>
          <select
            aria-label={`When no condition matches for ${name}`}
            disabled={readOnly}
            value={entry?.action === "require_approval" ? "require_approval" : "allow"}
            onChange={(event) =>
              patch({ action: event.target.value === "require_approval" ? "require_approval" : undefined })
            }
            className={cn(controlBase, "w-auto py-1.5")}
          >
            <option value="allow">allow</option>
            <option value="require_approval">require approval</option>
          </select>
        </label>
      ) : null}
      {has.reason ? (
        <ReasonPart
          {...props}
          placeholder="Reason shown to the agent (optional)"
          onRemove={() => close("reason", { reason: undefined })}
        />
      ) : null}
      {has.rate ? <RatePart {...props} onRemove={() => close("rate", { rate_limit: undefined })} /> : null}
      {state === "custom" ? (
        <ConditionsEditor tool={name} entry={entry} readOnly={readOnly} onChange={patch} />
      ) : null}
      {has.timing ? (
        <TimingPart {...props} onRemove={() => close("timing", { approval: undefined })} />
      ) : null}
      {add("reason", "Reason")}
      {add("rate", "Rate limit", state === "custom")}
      {add("timing", "Approval timing", approves)}
    </div>
  );
}
