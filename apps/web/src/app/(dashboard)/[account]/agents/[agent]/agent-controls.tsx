"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
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

export function KeyControls({ account, agent }: { account: string; agent: TAgentDto }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [value, setValue] = useState<string | null>(null);
  return (
    <>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await createKeyAction(account, agent.id);
            if (result.ok) {
              setValue(result.data.key);
              router.refresh();
            }
          })
        }
      >
        New key
      </Button>
      <Dialog open={value !== null} onClose={() => setValue(null)} title="New agent key">
        {value ? <NewKeyPanel value={value} servers={agent.servers} /> : null}
        <div className="mt-4 flex justify-end">
          <Button onClick={() => setValue(null)}>Done</Button>
        </div>
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
