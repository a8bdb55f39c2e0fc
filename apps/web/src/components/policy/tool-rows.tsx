"use client";
// The visual view: one row per tool with its risk and its state; Custom opens rate limit and reason.
import type { TPolicy } from "@gatehouse/policy";
import { RiskBadge } from "@/components/ui/badge";
import { controlBase, controlClass } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { ConditionsEditor } from "./conditions-editor";
import { patchEntry, STATE_LABEL, setState, stateOf, type TToolState } from "./model";

export interface TBuilderTool {
  name: string;
  description: string | null;
  riskCategory: string;
  riskLevel: string;
}

const STATES: TToolState[] = ["default", "allow", "deny", "hide", "require_approval", "custom"];
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

function ToolRow({
  tool,
  policy,
  onChange,
  readOnly,
}: {
  tool: TBuilderTool;
  policy: TPolicy;
  onChange: (policy: TPolicy) => void;
  readOnly: boolean;
}) {
  const state = stateOf(policy, tool.name);
  const entry = policy.tools?.[tool.name];
  const defaultLabel = policy.default === "allow" ? "Default (allow)" : "Default (deny)";
  return (
    <li
      className="grid gap-3 px-5 py-3 md:grid-cols-[minmax(0,1fr)_11rem_minmax(0,1.4fr)] md:items-start"
      data-testid={`rule-${tool.name}`}
    >
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium">{tool.name}</span>
          <RiskBadge category={tool.riskCategory} level={tool.riskLevel} />
        </div>
        {tool.description ? (
          <p className="mt-1 line-clamp-1 text-xs text-slate-500">{tool.description}</p>
        ) : null}
      </div>
      <select
        aria-label={`State of ${tool.name}`}
        value={state}
        disabled={readOnly}
        onChange={(event) => onChange(setState(policy, tool.name, event.target.value as TToolState))}
        className={small}
      >
        {STATES.map((value) => (
          <option key={value} value={value}>
            {value === "default" ? defaultLabel : STATE_LABEL[value]}
          </option>
        ))}
      </select>
      <div className="flex flex-wrap items-center gap-2">
        {state === "custom" ? (
          <>
            <NumberInput
              label={`Max calls for ${tool.name}`}
              value={entry?.rate_limit?.max}
              disabled={readOnly}
              onChange={(max) => {
                // An emptied field is a number being retyped, not a request to drop the limit.
                if (max === undefined) return;
                onChange(
                  patchEntry(policy, tool.name, {
                    rate_limit: { ...(entry?.rate_limit ?? { window: 60 }), max },
                  }),
                );
              }}
            />
            <span className="text-xs text-slate-500">calls per</span>
            <NumberInput
              label={`Window in seconds for ${tool.name}`}
              value={entry?.rate_limit?.window}
              disabled={readOnly}
              onChange={(window) => {
                if (window === undefined) return;
                onChange(
                  patchEntry(policy, tool.name, {
                    rate_limit: { ...(entry?.rate_limit ?? { max: 10 }), window },
                  }),
                );
              }}
            />
            <span className="text-xs text-slate-500">s</span>
          </>
        ) : null}
        {state === "deny" || state === "require_approval" || state === "custom" ? (
          <input
            aria-label={`Reason for ${tool.name}`}
            placeholder={state === "deny" ? "Reason shown to the agent" : "Reason (optional)"}
            disabled={readOnly}
            value={entry?.reason ?? ""}
            onChange={(event) => onChange(patchEntry(policy, tool.name, { reason: event.target.value }))}
            className={cn(small, "min-w-40 flex-1")}
          />
        ) : null}
        {state === "custom" ? (
          <ConditionsEditor
            tool={tool.name}
            entry={entry}
            readOnly={readOnly}
            onChange={(patch) => onChange(patchEntry(policy, tool.name, patch))}
          />
        ) : null}
      </div>
    </li>
  );
}

export function ToolRows({
  tools,
  policy,
  onChange,
  readOnly,
}: {
  tools: TBuilderTool[];
  policy: TPolicy;
  onChange: (policy: TPolicy) => void;
  readOnly: boolean;
}) {
  return (
    <ul className="divide-y divide-slate-100">
      {tools.map((tool) => (
        <ToolRow key={tool.name} tool={tool} policy={policy} onChange={onChange} readOnly={readOnly} />
      ))}
    </ul>
  );
}
