"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ExpiryField } from "@/components/credential-expiry/expiry-field";
import { useCredentialForm } from "@/components/credential-expiry/use-credential-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
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
      <ConfirmButton
        disabled={pending}
        title="Delete this agent?"
        message="The agent and all its keys are deleted; calls with them are refused within a second. This cannot be undone."
        confirmLabel="Delete agent"
        onConfirm={() =>
          startTransition(async () => {
            const result = await deleteAgentAction(account, agentId);
            if (result.ok) router.push(`/${account}/agents`);
          })
        }
      >
        Delete
      </ConfirmButton>
    </>
  );
}

/** "New key": choose when the key expires, then see it once. */
export function KeyControls({ account, agent }: { account: string; agent: TAgentDto }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ key: string; expiresAt: string | null } | null>(null);
  const { pending, error, expiryError, submit, clearErrors } = useCredentialForm(
    (form, expiry) => {
      const name = String(form.get("name") ?? "").trim();
      return createKeyAction(account, agent.id, { ...expiry, ...(name ? { name } : {}) });
    },
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
            <NewKeyPanel
              account={account}
              value={created.key}
              expiresAt={created.expiresAt}
              accountUrl={agent.accountUrl}
              servers={agent.servers}
            />
            <div className="mt-4 flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          </>
        ) : open ? (
          <form onSubmit={submit} className="space-y-4">
            {error ? <Notice tone="error">{error}</Notice> : null}
            <Input label="Key name (optional)" name="name" maxLength={100} placeholder="laptop, CI, …" />
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

export function RevokeKeyButton({
  account,
  keyId,
  label,
}: {
  account: string;
  keyId: string;
  label: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <ConfirmButton
      size="sm"
      disabled={pending}
      title={`Revoke ${label}?`}
      message="Calls with this key are refused within a second. A revoked key cannot be restored; create a new one if you need it."
      confirmLabel="Revoke key"
      onConfirm={() =>
        startTransition(async () => {
          await revokeKeyAction(account, keyId);
          router.refresh();
        })
      }
    >
      Revoke
    </ConfirmButton>
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
    <ConfirmButton
      disabled={pending || disabled}
      title="Revoke this agent's access?"
      message="Every grant is revoked: its tokens are refused within a second, and the client must sign in again."
      confirmLabel="Revoke access"
      onConfirm={() =>
        startTransition(async () => {
          await revokeAccessAction(account, agentId);
          router.refresh();
        })
      }
    >
      Revoke access
    </ConfirmButton>
  );
}
