"use client";
// Which servers an agent may use and, for each, the named policy it runs under (the server's default if none).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { controlBase } from "@/components/ui/field";
import { updateAgentAction } from "../actions";

export interface TScopeServer {
  id: string;
  name: string;
  policies: Array<{ id: string; name: string; isDefault: boolean }>;
}

export function ScopeEditor({
  account,
  agentId,
  servers,
  scopes,
}: {
  account: string;
  agentId: string;
  servers: TScopeServer[];
  scopes: Array<{ serverId: string; policyId: string | null }>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState(
    () => new Map(scopes.map((scope) => [scope.serverId, scope.policyId ?? ""])),
  );
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const toggle = (serverId: string, on: boolean) => {
    const next = new Map(state);
    if (on) next.set(serverId, "");
    else next.delete(serverId);
    setState(next);
  };
  const save = () =>
    startTransition(async () => {
      const result = await updateAgentAction(account, agentId, {
        servers: [...state].map(([serverId, policyId]) => ({ serverId, policyId: policyId || null })),
      });
      setMessage(
        result.ok ? { tone: "success", text: "Saved." } : { tone: "error", text: result.error.message },
      );
      router.refresh();
    });
  return (
    <div className="space-y-3">
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <ul className="divide-y divide-slate-100">
        {servers.map((server) => (
          <li key={server.id} className="flex flex-wrap items-center gap-3 py-2">
            <label className="flex min-w-48 items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                className="size-4"
                checked={state.has(server.id)}
                onChange={(event) => toggle(server.id, event.target.checked)}
              />
              {server.name}
            </label>
            <select
              aria-label={`Policy on ${server.name}`}
              disabled={!state.has(server.id)}
              value={state.get(server.id) ?? ""}
              onChange={(event) => setState(new Map(state).set(server.id, event.target.value))}
              className={`${controlBase} w-auto py-1.5`}
            >
              <option value="">Server default policy</option>
              {server.policies
                .filter((policy) => !policy.isDefault)
                .map((policy) => (
                  <option key={policy.id} value={policy.id}>
                    {policy.name}
                  </option>
                ))}
            </select>
          </li>
        ))}
      </ul>
      <Button variant="secondary" disabled={pending} onClick={save}>
        Save access
      </Button>
    </div>
  );
}
