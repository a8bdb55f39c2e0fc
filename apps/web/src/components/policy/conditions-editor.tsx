"use client";
// The conditions of a Custom rule: deny_if (a match denies) and approve_if (a match needs a person's approval).
import { CONDITION_OPS, type TCondition, type TToolEntry } from "@gatehouse/policy";
import { Button } from "@/components/ui/button";
import { controlBase } from "@/components/ui/field";
import { cn } from "@/lib/cn";

type TKind = "deny_if" | "approve_if";
const small = cn(controlBase, "py-1 text-xs");

/** Values are typed as JSON when they parse (numbers, arrays, booleans), else kept as text. */
function parseValue(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function showValue(value: unknown): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function ConditionsEditor({
  tool,
  entry,
  readOnly,
  onChange,
}: {
  tool: string;
  entry: TToolEntry | undefined;
  readOnly: boolean;
  onChange: (patch: Partial<TToolEntry>) => void;
}) {
  const rows = (["deny_if", "approve_if"] as const).flatMap((kind) =>
    (entry?.[kind] ?? []).map((condition, index) => ({ kind, index, condition })),
  );
  const write = (kind: TKind, list: TCondition[]) => onChange({ [kind]: list.length > 0 ? list : undefined });
  const update = (kind: TKind, index: number, patch: Partial<TCondition>) => {
    const list = [...(entry?.[kind] ?? [])];
    const merged: Record<string, unknown> = { ...list[index], ...patch };
    for (const key of Object.keys(merged))
      if (merged[key] === undefined || merged[key] === "") delete merged[key];
    list[index] = merged as TCondition;
    write(kind, list);
  };
  const remove = (kind: TKind, index: number) =>
    write(
      kind,
      (entry?.[kind] ?? []).filter((_, i) => i !== index),
    );
  const move = (from: TKind, index: number, to: TKind) => {
    const condition = entry?.[from]?.[index];
    if (!condition || from === to) return;
    onChange({
      [from]: (entry?.[from] ?? []).filter((_, i) => i !== index).length
        ? (entry?.[from] ?? []).filter((_, i) => i !== index)
        : undefined,
      [to]: [...(entry?.[to] ?? []), condition],
    });
  };
  return (
    <div className="w-full space-y-1.5">
      {rows.map(({ kind, index, condition }) => {
        const label = `${tool} condition ${kind === "deny_if" ? "deny" : "approve"} ${index + 1}`;
        return (
          <div key={`${kind}-${index}`} className="flex flex-wrap items-center gap-1.5">
            <select
              aria-label={`When ${label} matches`}
              disabled={readOnly}
              value={kind}
              onChange={(event) => move(kind, index, event.target.value as TKind)}
              className={cn(small, "w-28")}
            >
              <option value="deny_if">Deny if</option>
              <option value="approve_if">Approve if</option>
            </select>
            <input
              aria-label={`Argument of ${label}`}
              placeholder="argument (a.b.0)"
              disabled={readOnly}
              value={condition.arg}
              onChange={(event) => update(kind, index, { arg: event.target.value })}
              className={cn(small, "w-32")}
            />
            <select
              aria-label={`Operator of ${label}`}
              disabled={readOnly}
              value={condition.op}
              onChange={(event) => update(kind, index, { op: event.target.value as TCondition["op"] })}
              className={cn(small, "w-24")}
            >
              {CONDITION_OPS.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </select>
            <input
              aria-label={`Value of ${label}`}
              placeholder="value (JSON or text)"
              disabled={readOnly || condition.op === "exists"}
              value={showValue(condition.value)}
              onChange={(event) => update(kind, index, { value: parseValue(event.target.value) })}
              className={cn(small, "w-32")}
            />
            <input
              aria-label={`Reason of ${label}`}
              placeholder="reason"
              disabled={readOnly}
              value={condition.reason ?? ""}
              onChange={(event) => update(kind, index, { reason: event.target.value })}
              className={cn(small, "min-w-24 flex-1")}
            />
            <Button
              size="sm"
              variant="ghost"
              disabled={readOnly}
              aria-label={`Remove ${label}`}
              onClick={() => remove(kind, index)}
            >
              ×
            </Button>
          </div>
        );
      })}
      {readOnly ? null : (
        <Button
          size="sm"
          variant="ghost"
          onClick={() =>
            write("deny_if", [...(entry?.deny_if ?? []), { arg: "", op: "eq", value: "" } as TCondition])
          }
        >
          + Condition
        </Button>
      )}
    </div>
  );
}
