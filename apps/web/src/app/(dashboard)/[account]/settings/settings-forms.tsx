"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CodeBlock } from "@/components/ui/copy-button";
import { controlBase, controlClass } from "@/components/ui/field";
import type { TRole } from "@/server/context";
import {
  approvalMailsAction,
  changeRoleAction,
  inviteAction,
  removeMemberAction,
  resetTwoFactorAction,
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
        className="flex flex-wrap items-end gap-2"
      >
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium text-slate-800">Email to invite</span>
          <input
            name="email"
            type="email"
            required
            placeholder="teammate@example.com"
            className={`${controlClass} w-72 max-w-full`}
          />
        </label>
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
  twoFactor,
}: {
  account: string;
  membershipId: string;
  role: TRole;
  self: boolean;
  /** The member has two-factor sign-in on: an admin can reset it (your own is switched off under Security). */
  twoFactor: boolean;
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
      {twoFactor && !self ? (
        <ConfirmButton
          size="sm"
          variant="secondary"
          disabled={pending}
          title="Reset this member's two-factor sign-in?"
          message="For a member who lost their authenticator: their two-factor sign-in and recovery codes are removed and every session of theirs ends. They sign in with their password and can set two-factor up again."
          confirmLabel="Reset two-factor"
          onConfirm={() => run(() => resetTwoFactorAction(account, membershipId))}
        >
          Reset 2FA
        </ConfirmButton>
      ) : null}
      <ConfirmButton
        size="sm"
        variant="secondary"
        disabled={pending}
        title={self ? "Leave this account?" : "Remove this member?"}
        message={
          self
            ? "You lose access to this account at once; an admin must invite you again."
            : "They lose access to this account at once."
        }
        confirmLabel={self ? "Leave" : "Remove member"}
        onConfirm={() => run(() => removeMemberAction(account, membershipId))}
      >
        {self ? "Leave" : "Remove"}
      </ConfirmButton>
      {error ? <span className="w-full text-right text-xs text-red-700">{error}</span> : null}
    </div>
  );
}

/** The signed-in member's own opt-in to a mail whenever a call of this account waits for approval. */
export function ApprovalMailsToggle({ account, on }: { account: string; on: boolean }) {
  const { pending, error, run } = useAction();
  return (
    <label className="flex items-start gap-3">
      <input
        type="checkbox"
        defaultChecked={on}
        disabled={pending}
        onChange={(event) => run(() => approvalMailsAction(account, event.target.checked))}
        className="mt-0.5 size-4"
      />
      <span>
        <span className="block text-sm font-medium">Mail me when a call waits for approval</span>
        <span className="block text-xs text-slate-600">
          A mail names the agent, server and tool (never the argument values) and links to Approvals.
        </span>
        {error ? <span className="block text-xs text-red-700">{error}</span> : null}
      </span>
    </label>
  );
}

export function RevokeInvitation({ account, id }: { account: string; id: string }) {
  const { pending, run } = useAction();
  return (
    <ConfirmButton
      size="sm"
      variant="secondary"
      disabled={pending}
      title="Revoke this invitation?"
      message="Its link stops working at once."
      confirmLabel="Revoke invitation"
      onConfirm={() => run(() => revokeInvitationAction(account, id))}
    >
      Revoke
    </ConfirmButton>
  );
}

export function RevokeToken({ account, id }: { account: string; id: string }) {
  const { pending, run } = useAction();
  return (
    <ConfirmButton
      size="sm"
      variant="danger"
      disabled={pending}
      title="Revoke this API token?"
      message="Requests with it are refused at once. A revoked token cannot be restored."
      confirmLabel="Revoke token"
      onConfirm={() => run(() => revokeTokenAction(account, id))}
    >
      Revoke
    </ConfirmButton>
  );
}
