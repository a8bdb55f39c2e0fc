"use client";
// Creates an API token: its name, role and when it expires; then shows it once, with its expiry.
import { useState } from "react";
import { NewCredentialExpiry } from "@/components/credential-expiry/credential-status";
import { ExpiryField } from "@/components/credential-expiry/expiry-field";
import { useCredentialForm } from "@/components/credential-expiry/use-credential-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import { controlClass } from "@/components/ui/field";
import type { TRole } from "@/server/context";
import { createTokenAction } from "./actions";
import { RoleSelect } from "./role-select";

export function TokenForm({ account }: { account: string }) {
  const [created, setCreated] = useState<{ token: string; expiresAt: string | null } | null>(null);
  // A new key starts the form afresh once a token is created; a refusal leaves it as it was.
  const [formKey, setFormKey] = useState(0);
  const { pending, error, expiryError, submit } = useCredentialForm(
    (form, expiry) =>
      createTokenAction(account, {
        name: String(form.get("name") ?? ""),
        role: String(form.get("role")) as TRole,
        ...expiry,
      }),
    (data) => {
      setCreated({ token: data.token, expiresAt: data.expiresAt });
      setFormKey((key) => key + 1);
    },
  );

  return (
    <div className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <form key={formKey} onSubmit={submit} className="space-y-4" aria-label="New API token">
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-slate-800">Token name</span>
            <input
              name="name"
              required
              placeholder="terraform"
              className={`${controlClass} w-72 max-w-full`}
            />
          </label>
          <RoleSelect name="role" label="Token role" defaultValue="policy_manager" />
        </div>
        <div className="max-w-xl">
          <ExpiryField noun="token" error={expiryError} />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API token"}
        </Button>
      </form>
      {created ? (
        <div className="space-y-2" data-testid="new-api-token">
          <Notice tone="warning">Copy this token now; it is not shown again.</Notice>
          <CodeBlock value={created.token} label="Copy token" />
          <NewCredentialExpiry expiresAt={created.expiresAt} testId="api-token-expiry" />
        </div>
      ) : null}
    </div>
  );
}
