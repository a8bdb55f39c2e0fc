"use client";
// Connect (go and sign in at the upstream) and Disconnect (delete the tokens) for an OAuth connection.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { connectUpstreamAction, disconnectUpstreamAction } from "../connection-actions";

export function ConnectionButtons({
  account,
  serverId,
  agentId,
  connected,
  returnTo,
  label = "Connect",
}: {
  account: string;
  serverId: string;
  agentId?: string;
  connected: boolean;
  returnTo: string;
  label?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const who = agentId ? { agentId } : {};
  return (
    <div className="flex flex-wrap items-center gap-3">
      {error ? (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      ) : null}
      <Button
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await connectUpstreamAction(account, serverId, { ...who, returnTo });
            if (result.ok) window.location.assign(result.data.authorizationUrl);
            else setError(result.error.message);
          })
        }
      >
        {pending ? "Opening sign-in…" : connected ? "Reconnect" : label}
      </Button>
      {connected ? (
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              setError(null);
              const result = await disconnectUpstreamAction(account, serverId, who);
              if (result.ok) router.refresh();
              else setError(result.error.message);
            })
          }
        >
          Disconnect
        </Button>
      ) : null}
    </div>
  );
}
