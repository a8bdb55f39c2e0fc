"use client";
// The visual view's pattern rows: every `*` entry and hide pattern (and any entry naming a tool the server no
// longer lists) as a row of its own, editable like a tool's, listing the synced tools it governs and those it
// matches but that another rule governs (the engine's explanation). Below them, a form adds a pattern.
import { compilePolicy, explainPolicy, type RuleExplanation, type TPolicy } from "@gatehouse/policy";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlBase, controlClass } from "@/components/ui/field";
import { cn } from "@/lib/cn";
import { EntryFields } from "./entry-fields";
import { entryState, hasRule, removeRule, renameRule, STATE_LABEL, setState, type TToolState } from "./model";
import { useRowState } from "./use-row-state";

const PATTERN_STATES: TToolState[] = ["allow", "deny", "hide", "require_approval", "custom"];
const small = cn(controlClass, "py-1.5");

function ToolList({ label, names }: { label: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <p className="text-xs text-slate-600">
      <span className="font-medium">{label}</span>{" "}
      {names.map((name, index) => (
        <span key={name}>
          {index > 0 ? ", " : ""}
          <code>{name}</code>
        </span>
      ))}
    </p>
  );
}

function KeyInput({
  rule,
  policy,
  onChange,
  readOnly,
}: {
  rule: RuleExplanation;
  policy: TPolicy;
  onChange: (policy: TPolicy) => void;
  readOnly: boolean;
}) {
  // Renamed on blur or Enter, not per keystroke: the key is the row's identity.
  const [text, setText] = useState(rule.key);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    const to = text.trim();
    if (to === rule.key) return setError(null);
    if (to === "") return setError("A pattern cannot be empty.");
    if (hasRule(policy, to)) return setError(`${to} is already in this policy.`);
    setError(null);
    onChange(renameRule(policy, rule, to));
  };
  return (
    <div className="space-y-1">
      <input
        aria-label={`Pattern ${rule.key}`}
        value={text}
        disabled={readOnly}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit();
        }}
        className={cn(controlBase, "w-full py-1.5 font-mono")}
      />
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function PatternRow({
  rule,
  policy,
  isPattern,
  onChange,
  readOnly,
}: {
  rule: RuleExplanation;
  policy: TPolicy;
  isPattern: boolean;
  onChange: (policy: TPolicy) => void;
  readOnly: boolean;
}) {
  const [state, choose] = useRowState(rule.kind === "hide" ? "hide" : entryState(policy.tools?.[rule.key]));
  const lost = rule.overriddenFor.map(({ tool, byKey }) =>
    byKey === tool ? `${tool} (its own entry)` : byKey ? `${tool} (${byKey})` : tool,
  );
  return (
    <li
      className="grid gap-3 px-5 py-3 md:grid-cols-[minmax(0,1fr)_13rem_minmax(0,1.4fr)] md:items-start"
      data-testid={`${rule.kind === "hide" ? "hide" : "pattern"}-${rule.key}`}
      data-rule={rule.rule}
      data-kind={rule.kind}
      data-governs={rule.governs.join(" ")}
    >
      <div className="min-w-0 space-y-1">
        <KeyInput key={rule.key} rule={rule} policy={policy} onChange={onChange} readOnly={readOnly} />
        <ToolList label={state === "hide" ? "Hides:" : "Applies to:"} names={rule.governs} />
        <ToolList label="Also matches, but another rule applies:" names={lost} />
        {rule.governs.length === 0 && lost.length === 0 ? (
          <p className="text-xs text-slate-500">
            {isPattern ? "Matches no synced tool." : "Names a tool this server does not list (any more)."}
          </p>
        ) : null}
      </div>
      <div className="flex items-start gap-2">
        <select
          aria-label={`State of pattern ${rule.key}`}
          value={state}
          disabled={readOnly}
          onChange={(event) => {
            const next = event.target.value as TToolState;
            choose(next);
            onChange(setState(policy, rule.key, next));
          }}
          className={small}
        >
          {PATTERN_STATES.map((value) => (
            <option key={value} value={value}>
              {STATE_LABEL[value]}
            </option>
          ))}
        </select>
        {readOnly ? null : (
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Remove pattern ${rule.key}`}
            onClick={() => onChange(removeRule(policy, rule))}
          >
            Remove
          </Button>
        )}
      </div>
      {rule.kind === "hide" ? (
        <p className="text-xs text-slate-500">
          Hidden tools are not listed; calls are answered as the server answers a tool it lacks.
        </p>
      ) : (
        <EntryFields name={rule.key} state={state} policy={policy} onChange={onChange} readOnly={readOnly} />
      )}
    </li>
  );
}

function AddPattern({ policy, onChange }: { policy: TPolicy; onChange: (policy: TPolicy) => void }) {
  const [text, setText] = useState("");
  const [state, setStateValue] = useState<TToolState>("allow");
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const key = text.trim();
    if (key === "") return setError("Type a pattern such as list_* first.");
    if (hasRule(policy, key)) return setError(`${key} is already in this policy.`);
    setError(null);
    setText("");
    onChange(setState(policy, key, state));
  };
  return (
    <div className="flex flex-wrap items-start gap-2 px-5 py-3" data-testid="add-pattern">
      <div className="space-y-1">
        <label htmlFor="new-pattern" className="block text-xs font-medium text-slate-700">
          New pattern
        </label>
        <input
          id="new-pattern"
          placeholder="list_* or *_vm"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") add();
          }}
          className={cn(controlBase, "w-48 py-1.5 font-mono")}
        />
        {error ? (
          <p role="alert" className="text-xs text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <div className="space-y-1">
        <label htmlFor="new-pattern-state" className="block text-xs font-medium text-slate-700">
          State of new pattern
        </label>
        <select
          id="new-pattern-state"
          value={state}
          onChange={(event) => setStateValue(event.target.value as TToolState)}
          className={cn(controlBase, "w-44 py-1.5")}
        >
          {PATTERN_STATES.filter((value) => value !== "custom").map((value) => (
            <option key={value} value={value}>
              {STATE_LABEL[value]}
            </option>
          ))}
        </select>
      </div>
      <Button size="sm" variant="secondary" className="self-end" onClick={add}>
        Add pattern
      </Button>
    </div>
  );
}

export function PatternRows({
  toolNames,
  policy,
  onChange,
  readOnly,
}: {
  toolNames: string[];
  policy: TPolicy;
  onChange: (policy: TPolicy) => void;
  readOnly: boolean;
}) {
  const known = new Set(toolNames);
  const rules = explainPolicy(compilePolicy(policy), toolNames).rules.filter(
    (rule) => rule.pattern || !known.has(rule.key),
  );
  return (
    <section aria-label="Patterns" className="border-t border-slate-200">
      <div className="px-5 pt-4">
        <h3 className="text-sm font-semibold text-slate-900">Patterns</h3>
        <p className="text-xs text-slate-600">
          <code>*</code> matches any run of characters. A tool's own entry beats a pattern; the pattern with
          the most other characters beats the rest; hide patterns beat everything.
        </p>
      </div>
      {rules.length === 0 ? (
        <p className="px-5 py-2 text-xs text-slate-500">No patterns yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {rules.map((rule) => (
            <PatternRow
              key={`${rule.kind}:${rule.key}`}
              rule={rule}
              policy={policy}
              isPattern={rule.pattern}
              onChange={onChange}
              readOnly={readOnly}
            />
          ))}
        </ul>
      )}
      {readOnly ? null : <AddPattern policy={policy} onChange={onChange} />}
    </section>
  );
}
