"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { ExpiryField, expiresAtOfForm, splitExpiryError } from "@/components/credential-expiry/expiry-field";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import type { TAgentDto } from "@/server/agents/agent-dto";
import { createKeyAction, deleteAgentAction, revokeKeyAction, updateAgentAction } from "../actions";
import { NewKeyPanel } from "../new-key-panel";

export function AgentControls({
  account,
  agentId,
  suspended,
}: {
  account: string;
  agentId: string;
  suspended: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            await updateAgentAction(account, agentId, { suspended: !suspended });
            router.refresh();
          })
        }
      >
        {suspended ? "Resume" : "Suspend"}
      </Button>
      <Button
        variant="danger"
        disabled={pending}
        onClick={() => {
          if (!window.confirm("Delete this agent and all its keys?")) return;
          startTransition(async () => {
            const result = await deleteAgentAction(account, agentId);
            if (result.ok) router.push(`/${account}/agents`);
          });
        }}
      >
        Delete
      </Button>
    </>
  );
}

/** "New key": choose when the key expires, then see it once. */
export function KeyControls({ account, agent }: { account: string; agent: TAgentDto }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expiryError, setExpiryError] = useState<string | undefined>();
  const [created, setCreated] = useState<{ key: string; expiresAt: string | null } | null>(null);

  function close() {
    setOpen(false);
    setError(null);
    setExpiryError(undefined);
    setCreated(null);
  }

  // onSubmit rather than a form action: React resets a form after its action, which would undo the choices
  // the user has to correct when the server refuses them.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setExpiryError(undefined);
    const expiresAt = expiresAtOfForm(form);
    startTransition(async () => {
      const result = await createKeyAction(account, agent.id, expiresAt === undefined ? {} : { expiresAt });
      if (!result.ok) {
        const refusal = splitExpiryError(result.error);
        setExpiryError(refusal.expiry);
        setError(refusal.form ?? null);
        return;
      }
      setCreated({ key: result.data.key, expiresAt: result.data.expiresAt });
      router.refresh();
    });
  }

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        New key
      </Button>
      <Dialog open={open} onClose={close} title="New agent key">
        {created ? (
          <>
            <NewKeyPanel value={created.key} expiresAt={created.expiresAt} servers={agent.servers} />
            <div className="mt-4 flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          </>
        ) : open ? (
          <form onSubmit={submit} className="space-y-4">
            {error ? <Notice tone="error">{error}</Notice> : null}
            <ExpiryField noun="key" error={expiryError} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? "Creating…" : "Create key"}
              </Button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </>
  );
}

export function RevokeKeyButton({ account, keyId }: { account: string; keyId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant="danger"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          await revokeKeyAction(account, keyId);
          router.refresh();
        })
      }
    >
      Revoke
    </Button>
  );
}
