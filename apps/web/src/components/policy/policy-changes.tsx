// A policy change in plain words, tool by tool (diffPolicies), as the publish and the Recommended dialogs list it.
import type { PolicyDiff } from "@gatehouse/policy";
import { cn } from "@/lib/cn";

export function PolicyChanges({
  diff,
  className,
  testId,
}: {
  diff: PolicyDiff;
  className: string;
  testId: string;
}) {
  return (
    <ul className={cn("space-y-1 overflow-auto", className)} data-testid={testId}>
      {diff.tools.map((change) => (
        <li key={change.tool} className="font-mono text-xs leading-relaxed text-slate-800">
          {change.text}
        </li>
      ))}
      {diff.other.map((line) => (
        <li key={line} className="text-xs text-slate-600">
          {line}
        </li>
      ))}
    </ul>
  );
}
