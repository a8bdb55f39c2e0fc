"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ExpiryField } from "@/components/credential-expiry/expiry-field";
import { useCredentialForm } from "@/components/credential-expiry/use-credential-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import type { TAgentDto } from "@/server/agents/agent-dto";
import {
  createKeyAction,
  deleteAgentAction,
  revokeAccessAction,
  revokeKeyAction,
  updateAgentAction,
} from "../actions";
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
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ key: string; expiresAt: string | null } | null>(null);
  const { pending, error, expiryError, submit, clearErrors } = useCredentialForm(
    (_form, expiry) => createKeyAction(account, agent.id, expiry),
    (data) => setCreated({ key: data.key, expiresAt: data.expiresAt }),
  );

  function close() {
    setOpen(false);
    clearErrors();
    setCreated(null);
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

/** For an agent that signed in with OAuth: revokes every grant (its tokens are refused within a second). */
export function RevokeAccessButton({
  account,
  agentId,
  disabled,
}: {
  account: string;
  agentId: string;
  disabled: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="danger"
      disabled={pending || disabled}
      onClick={() =>
        startTransition(async () => {
          await revokeAccessAction(account, agentId);
          router.refresh();
        })
      }
    >
      Revoke access
    </Button>
  );
}
