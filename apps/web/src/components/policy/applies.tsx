"use client";
// What applies to a tool and why, as the engine's explanation says: the effect (allowed, denied, requires
// approval, hidden), the rule it comes from (its own entry, a pattern, a hide pattern, the default), and the rules
// that also match but lose. The data attributes carry the engine's rule so tests can hold a row to the gateway.
import { describeEffect, describeSource, type ToolEffect, type ToolExplanation } from "@gatehouse/policy";
import { Badge } from "@/components/ui/badge";

const EFFECT: Record<ToolEffect, { label: string; tone: "green" | "red" | "violet" | "gray" }> = {
  allow: { label: "Allowed", tone: "green" },
  deny: { label: "Denied", tone: "red" },
  require_approval: { label: "Requires approval", tone: "violet" },
  hidden: { label: "Hidden", tone: "gray" },
};

export function effectLabel(effect: ToolEffect): string {
  return EFFECT[effect].label;
}

/** "its own entry", "pattern `list_*`", "hide pattern `debug_*`", "the hide list", "the default (deny)". */
function Source({ explanation }: { explanation: ToolExplanation }) {
  const text = describeSource(explanation);
  const key = explanation.key;
  if (key === undefined || !text.endsWith(key) || explanation.source === "exact") return <>{text}</>;
  return (
    <>
      {text.slice(0, text.length - key.length)}
      <code>{key}</code>
    </>
  );
}

export function Applies({
  explanation,
  ownEntryShadowed,
}: {
  explanation: ToolExplanation;
  /** The tool has an entry of its own that a hide pattern overrules. */
  ownEntryShadowed: boolean;
}) {
  const { effect, source } = explanation;
  const detail = describeEffect(explanation).replace(/^[^,:]+/, "");
  return (
    <div
      className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600"
      data-testid={`applies-${explanation.tool}`}
      data-effect={effect}
      data-source={source}
      data-rule={explanation.rule}
    >
      <Badge tone={EFFECT[effect].tone}>{EFFECT[effect].label}</Badge>
      <span>
        {" "}
        by <Source explanation={explanation} />
        {detail}
      </span>
      {ownEntryShadowed ? (
        <span className="text-amber-800"> (its own entry has no effect: hiding comes first)</span>
      ) : null}
      {explanation.overridden.length > 0 ? (
        <span className="text-slate-500">
          {" "}
          also matches{" "}
          {explanation.overridden.map((rule, index) => (
            <span key={rule.rule}>
              {index > 0 ? ", " : ""}
              <code>{rule.key}</code>
            </span>
          ))}{" "}
          (not applied)
        </span>
      ) : null}
    </div>
  );
}
