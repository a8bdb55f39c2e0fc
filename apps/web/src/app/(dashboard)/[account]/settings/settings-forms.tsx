"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import { controlBase, controlClass } from "@/components/ui/field";
import type { TRole } from "@/server/context";
import {
  changeRoleAction,
  inviteAction,
  removeMemberAction,
  revokeInvitationAction,
  revokeTokenAction,
} from "./actions";
import { ROLES, RoleSelect } from "./role-select";

function useAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = <T,>(
    fn: () => Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>,
    onOk?: (data: T) => void,
  ) =>
    startTransition(async () => {
      setError(null);
      const result = await fn();
      if (!result.ok) setError(result.error.message);
      else {
        onOk?.(result.data);
        router.refresh();
      }
    });
  return { pending, error, run };
}

export function InviteForm({ account, origin }: { account: string; origin: string }) {
  const { pending, error, run } = useAction();
  const [link, setLink] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <form
        action={(form) =>
          run(
            () => inviteAction(account, String(form.get("email")), String(form.get("role")) as TRole),
            (data) => setLink(`${origin}${data.path}`),
          )
        }
        className="flex flex-wrap gap-2"
      >
        <input
          name="email"
          type="email"
          required
          aria-label="Email to invite"
          placeholder="teammate@example.com"
          className={`${controlClass} max-w-xs`}
        />
        <RoleSelect name="role" label="Role" />
        <Button type="submit" disabled={pending}>
          Create invitation link
        </Button>
      </form>
      {link ? (
        <div>
          <p className="mb-2 text-sm text-slate-600">
            Send this link to your teammate. It works once, for 7 days.
          </p>
          <CodeBlock value={link} />
        </div>
      ) : null}
    </div>
  );
}

export function MemberControls({
  account,
  membershipId,
  role,
  self,
}: {
  account: string;
  membershipId: string;
  role: TRole;
  self: boolean;
}) {
  const { pending, error, run } = useAction();
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <select
        aria-label="Member role"
        defaultValue={role}
        disabled={pending}
        onChange={(event) => run(() => changeRoleAction(account, membershipId, event.target.value as TRole))}
        className={`${controlBase} w-auto py-1.5`}
      >
        {ROLES.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() => run(() => removeMemberAction(account, membershipId))}
      >
        {self ? "Leave" : "Remove"}
      </Button>
      {error ? <span className="w-full text-right text-xs text-red-700">{error}</span> : null}
    </div>
  );
}

export function RevokeInvitation({ account, id }: { account: string; id: string }) {
  const { pending, run } = useAction();
  return (
    <Button
      size="sm"
      variant="secondary"
      disabled={pending}
      onClick={() => run(() => revokeInvitationAction(account, id))}
    >
      Revoke
    </Button>
  );
}

export function RevokeToken({ account, id }: { account: string; id: string }) {
  const { pending, run } = useAction();
  return (
    <Button
      size="sm"
      variant="danger"
      disabled={pending}
      onClick={() => run(() => revokeTokenAction(account, id))}
    >
      Revoke
    </Button>
  );
}
