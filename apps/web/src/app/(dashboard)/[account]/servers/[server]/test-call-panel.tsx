"use client";
// "Send a test call": one tool, its arguments as JSON, sent through the gateway as the member's built-in test
// agent. The answer shown is the gateway's (the policy's decision or the tool's result), and the call is in the
// activity log under that agent's name.
import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, Notice } from "@/components/ui/card";
import { Select, Textarea } from "@/components/ui/field";
import type { TTestCallResult } from "@/server/test-calls/send-test-call";
import { sendTestCallAction } from "../actions";

export interface TTestCallTool {
  name: string;
  example: Record<string, unknown>;
}

function parseArguments(text: string): Record<string, unknown> | string {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    return "Arguments are a JSON object, like {}";
  } catch {
    return "Not valid JSON";
  }
}

export function TestCallPanel({
  account,
  serverId,
  tools,
}: {
  account: string;
  serverId: string;
  tools: TTestCallTool[];
}) {
  const [pending, startTransition] = useTransition();
  const [tool, setTool] = useState(tools[0]?.name ?? "");
  const [args, setArgs] = useState(JSON.stringify(tools[0]?.example ?? {}));
  const [argsError, setArgsError] = useState<string | undefined>();
  const [result, setResult] = useState<TTestCallResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  function choose(name: string) {
    setTool(name);
    setArgs(JSON.stringify(tools.find((item) => item.name === name)?.example ?? {}));
  }

  function send() {
    const parsed = parseArguments(args);
    setArgsError(typeof parsed === "string" ? parsed : undefined);
    if (typeof parsed === "string") return;
    setResult(null);
    setError(null);
    startTransition(async () => {
      const answer = await sendTestCallAction(account, serverId, { tool, arguments: parsed });
      if (answer.ok) setResult(answer.data);
      else setError(answer.error.message);
    });
  }

  return (
    <Card>
      <CardHeader
        title="Send a test call"
        description="Calls a tool through the gateway, under the published policy, as your own built-in test agent. It appears in the activity log like any agent's call."
      />
      <CardBody className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <Select label="Tool to call" value={tool} onChange={(event) => choose(event.target.value)}>
            {tools.map((item) => (
              <option key={item.name} value={item.name}>
                {item.name}
              </option>
            ))}
          </Select>
          <Textarea
            label="Arguments (JSON)"
            rows={2}
            value={args}
            onChange={(event) => setArgs(event.target.value)}
            error={argsError}
            className="font-mono text-xs"
          />
        </div>
        <div className="flex flex-wrap items-center justify-end gap-3">
          <Button onClick={send} disabled={pending || !tool}>
            {pending ? "Calling…" : "Send test call"}
          </Button>
        </div>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {result ? (
          <div data-testid="test-call-result" className="space-y-2">
            <Notice tone={result.isError ? "warning" : "success"}>
              {result.isError ? "The gateway or the tool refused the call." : "The call went through."} Sent
              as <strong>{result.agentName}</strong>;{" "}
              <Link href={`/${account}/activity?tool=${encodeURIComponent(tool)}`} className="underline">
                see it in the activity log
              </Link>
              .
            </Notice>
            <pre className="max-h-64 overflow-auto rounded-md bg-slate-100 p-3 text-xs whitespace-pre-wrap text-slate-800">
              {result.text || "(no text in the answer)"}
            </pre>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
