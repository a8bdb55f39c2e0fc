// The three steps of registering a server, each with its state, read out as they change.
import { cn } from "@/lib/cn";
import type { TRegisterStep, TStepState } from "./use-register-flow";

const LABELS: Record<TRegisterStep, string> = {
  check: "Connect to the server",
  register: "Register it",
  sync: "List and classify its tools",
};

const MARK: Record<TStepState, string> = {
  pending: "·",
  running: "…",
  done: "✓",
  failed: "✕",
  skipped: "–",
};

const STATE_TEXT: Record<TStepState, string> = {
  pending: "waiting",
  running: "in progress",
  done: "done",
  failed: "failed",
  skipped: "skipped",
};

export function RegisterProgress({ steps }: { steps: Record<TRegisterStep, TStepState> }) {
  return (
    <ol aria-label="Registration progress" aria-live="polite" className="space-y-1.5 text-sm">
      {(Object.keys(LABELS) as TRegisterStep[]).map((step) => (
        <li key={step} data-testid={`register-step-${step}`} data-state={steps[step]} className="flex gap-2">
          <span
            aria-hidden="true"
            className={cn(
              "grid size-5 place-items-center rounded-full text-xs",
              steps[step] === "done" && "bg-emerald-600 text-white",
              steps[step] === "failed" && "bg-red-600 text-white",
              steps[step] === "running" && "animate-pulse bg-brand-600 text-white",
              (steps[step] === "pending" || steps[step] === "skipped") && "bg-slate-200 text-slate-700",
            )}
          >
            {MARK[steps[step]]}
          </span>
          <span className={steps[step] === "pending" ? "text-slate-500" : "text-slate-800"}>
            {LABELS[step]}
          </span>
          <span className="sr-only">({STATE_TEXT[steps[step]]})</span>
        </li>
      ))}
    </ol>
  );
}
