"use client";
// "Would this call pass?" against the policy being edited, and the replay of recent calls against it.
import type { TPolicy } from "@gatehouse/policy";
import { useState, useTransition } from "react";
import { simulateAction } from "@/app/(dashboard)/[account]/servers/actions";
import { DecisionBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, Notice } from "@/components/ui/card";
import { controlClass } from "@/components/ui/field";
import { cn } from "@/lib/cn";

interface TSimulation {
  decision: string;
  rule: string;
  reason: string | null;
  agentText: string | null;
  explanation: string;
}

export function Simulator({
  account,
  serverId,
  toolNames,
  policy,
  policyId,
}: {
  policyId?: string | undefined;
  account: string;
  serverId: string;
  toolNames: string[];
  policy: TPolicy;
}) {
  const [tool, setTool] = useState(toolNames[0] ?? "");
  const [args, setArgs] = useState("{}");
  const [result, setResult] = useState<TSimulation | null>(null);
  const [replay, setReplay] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const simulate = () =>
    startTransition(async () => {
      setError(null);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(args || "{}") as Record<string, unknown>;
      } catch {
        setError("Arguments must be a JSON object.");
        return;
      }
      const answer = await simulateAction(account, serverId, {
        tool,
        arguments: parsed,
        draft: policy,
        ...(policyId ? { policyId } : {}),
      });
      if (!answer.ok) return setError(answer.error.message);
      if ("decision" in answer.data) setResult(answer.data as TSimulation);
    });

  const runReplay = () =>
    startTransition(async () => {
      setError(null);
      const answer = await simulateAction(account, serverId, {
        draft: policy,
        replay: 1000,
        ...(policyId ? { policyId } : {}),
      });
      if (!answer.ok) return setError(answer.error.message);
      if ("replay" in answer.data && answer.data.replay) setReplay(answer.data.replay.summary);
    });

  return (
    <Card>
      <CardHeader title="Simulator" description="Test the policy you are editing before you publish it." />
      <CardBody className="space-y-4">
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)_auto] sm:items-end">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Tool</span>
            <input
              list="simulator-tools"
              value={tool}
              onChange={(e) => setTool(e.target.value)}
              className={controlClass}
            />
            <datalist id="simulator-tools">
              {toolNames.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Arguments (JSON)</span>
            <input
              value={args}
              onChange={(e) => setArgs(e.target.value)}
              className={cn(controlClass, "font-mono")}
            />
          </label>
          <Button variant="secondary" disabled={pending || !tool} onClick={simulate}>
            Would this call pass?
          </Button>
        </div>
        {result ? (
          <div className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200" aria-live="polite">
            <div className="flex items-center gap-2">
              <DecisionBadge decision={result.decision} />
              <code className="text-xs text-slate-600">{result.rule}</code>
            </div>
            <p className="mt-2">{result.explanation}</p>
            {result.agentText ? (
              <p className="mt-1 text-slate-600">The agent reads: “{result.agentText}”</p>
            ) : null}
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
          <Button variant="secondary" disabled={pending} onClick={runReplay}>
            Replay recent calls
          </Button>
          {replay ? (
            <p className="text-sm text-slate-700" aria-live="polite">
              {replay}
            </p>
          ) : (
            <p className="text-sm text-slate-500">
              Replays up to 1,000 recorded calls to this server against the draft.
            </p>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
