"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { acceptToolAction, syncServerAction } from "../actions";

export function SyncButton({
  account,
  serverId,
  label = "Sync tools",
}: {
  account: string;
  serverId: string;
  label?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  return (
    <div className="flex items-center gap-3">
      <span
        aria-live="polite"
        className={message?.tone === "error" ? "text-sm text-red-700" : "text-sm text-slate-600"}
      >
        {message?.text}
      </span>
      <Button
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setMessage(null);
            const result = await syncServerAction(account, serverId);
            if (result.ok) {
              setMessage({
                tone: "ok",
                text: `Synced ${result.data.count} tools${result.data.changed ? `, ${result.data.changed} changed` : ""}.`,
              });
              router.refresh();
            } else {
              setMessage({ tone: "error", text: result.error.message });
            }
          })
        }
      >
        {pending ? "Syncing…" : label}
      </Button>
    </div>
  );
}

export function AcceptButton({
  account,
  serverId,
  name,
}: {
  account: string;
  serverId: string;
  name: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await acceptToolAction(account, serverId, name);
            if (result.ok) router.refresh();
            else setError(result.error.message);
          })
        }
      >
        {pending ? "Accepting…" : "Accept new definition"}
      </Button>
      {error ? <span className="text-xs text-red-700">{error}</span> : null}
    </span>
  );
}
