import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

type Tone = "gray" | "green" | "amber" | "orange" | "red" | "blue" | "violet";

const tones: Record<Tone, string> = {
  gray: "bg-slate-100 text-slate-700 ring-slate-300",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/30",
  orange: "bg-orange-50 text-orange-800 ring-orange-600/30",
  red: "bg-red-50 text-red-800 ring-red-600/30",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/30",
  violet: "bg-violet-50 text-violet-800 ring-violet-600/30",
};

export function Badge({
  tone = "gray",
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        tones[tone],
      )}
    >
      {children}
    </span>
  );
}

const riskTone: Record<string, Tone> = { low: "green", medium: "amber", high: "orange", critical: "red" };

/** The risk of a tool: its category and severity, coloured by severity. */
export function RiskBadge({ category, level }: { category: string; level: string }) {
  return (
    <Badge tone={riskTone[level] ?? "gray"} title={`${category} tool, ${level} risk`}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {category} · {level}
    </Badge>
  );
}

const decisionTone: Record<string, Tone> = {
  allowed: "green",
  approved: "green",
  denied: "red",
  approval_denied: "red",
  hidden: "gray",
  rate_limited: "amber",
  approval_pending: "violet",
  approval_expired: "gray",
  upstream_error: "orange",
  pending: "violet",
  expired: "gray",
  used: "blue",
};

export function DecisionBadge({ decision }: { decision: string }) {
  return <Badge tone={decisionTone[decision] ?? "gray"}>{decision.replaceAll("_", " ")}</Badge>;
}
