"use client";
// The visual view's tool rows: each tool with its risk, the state of its own entry, and what applies to it and why
// as the engine explains it (its own entry, a pattern, a hide pattern or the default) — so a tool that a pattern
// allows is never shown as denied by default.
import { compilePolicy, explainTool, type ToolExplanation, type TPolicy } from "@gatehouse/policy";
import { RiskBadge } from "@/components/ui/badge";
import { controlClass } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { Applies, effectLabel } from "./applies";
import { EntryFields } from "./entry-fields";
import { STATE_LABEL, setState, stateOf, type TToolState, withoutOwnRule } from "./model";
import { useRowState } from "./use-row-state";

export interface TBuilderTool {
  name: string;
  description: string | null;
  riskCategory: string;
  riskLevel: string;
}

const STATES: TToolState[] = ["default", "allow", "deny", "hide", "require_approval", "custom"];
const small = cn(controlClass, "py-1.5");

/** The label of "Not set": what would apply to the tool without an entry of its own (the row says why). */
function notSetLabel(fallback: ToolExplanation): string {
  return `Not set (${effectLabel(fallback.effect).toLowerCase()})`;
}

function ToolRow({
  tool,
  policy,
  explanation,
  onChange,
  readOnly,
}: {
  tool: TBuilderTool;
  policy: TPolicy;
  explanation: ToolExplanation;
  onChange: (policy: TPolicy) => void;
  readOnly: boolean;
}) {
  const [state, choose] = useRowState(stateOf(policy, tool.name));
  const fallback =
    state === "default" ? explanation : explainTool(withoutOwnRule(policy, tool.name), tool.name);
  return (
    <li
      className="grid gap-3 px-5 py-3 md:grid-cols-[minmax(0,1fr)_13rem_minmax(0,1.4fr)] md:items-start"
      data-testid={`rule-${tool.name}`}
      data-effect={explanation.effect}
      data-rule={explanation.rule}
    >
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium">{tool.name}</span>
          <RiskBadge category={tool.riskCategory} level={tool.riskLevel} />
        </div>
        {tool.description ? <p className="line-clamp-1 text-xs text-slate-500">{tool.description}</p> : null}
        <Applies
          explanation={explanation}
          ownEntryShadowed={policy.tools?.[tool.name] !== undefined && explanation.source === "hidden"}
        />
      </div>
      <select
        aria-label={`State of ${tool.name}`}
        value={state}
        disabled={readOnly}
        onChange={(event) => {
          const next = event.target.value as TToolState;
          choose(next);
          onChange(setState(policy, tool.name, next));
        }}
        className={small}
      >
        {STATES.map((value) => (
          <option key={value} value={value}>
            {value === "default" ? notSetLabel(fallback) : STATE_LABEL[value]}
          </option>
        ))}
      </select>
      <EntryFields name={tool.name} state={state} policy={policy} onChange={onChange} readOnly={readOnly} />
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
  const engine = compilePolicy(policy);
  return (
    <ul className="divide-y divide-slate-100">
      {tools.map((tool) => (
        <ToolRow
          key={tool.name}
          tool={tool}
          policy={policy}
          explanation={explainTool(engine, tool.name)}
          onChange={onChange}
          readOnly={readOnly}
        />
      ))}
    </ul>
  );
}
