"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/field";
import type { TAccountSettings } from "@/server/accounts/update-account-settings";
import { updateAccountAction } from "./actions";

export function AccountForm({ account, settings }: { account: string; settings: TAccountSettings }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <form
      className="space-y-4"
      action={(form) =>
        startTransition(async () => {
          const webhook = String(form.get("webhook") ?? "").trim();
          const result = await updateAccountAction(account, {
            name: String(form.get("name") ?? ""),
            storeArgumentValues: form.get("store") === "on",
            approvalWebhookUrl: webhook || null,
            requireTwoFactor: form.get("require2fa") === "on",
          });
          if (!result.ok)
            return setMessage({
              tone: "error",
              text: result.error.errors?.[0]?.message ?? result.error.message,
            });
          setMessage({ tone: "success", text: "Saved." });
          setSecret(result.data.webhookSecret ?? null);
          router.refresh();
        })
      }
    >
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Input label="Account name" name="name" defaultValue={settings.name} />
        <Input
          label="Approval webhook URL"
          name="webhook"
          type="url"
          defaultValue={settings.approvalWebhookUrl ?? ""}
          placeholder="https://hooks.example.com/gatehouse"
          hint="Receives a signed POST when a call is held for approval."
        />
      </div>
      <label className="flex items-start gap-3">
        <input
          type="checkbox"
          name="store"
          defaultChecked={settings.storeArgumentValues}
          className="mt-0.5 size-4"
        />
        <span>
          <span className="block text-sm font-medium">Store argument values in the activity log</span>
          <span className="block text-xs text-slate-600">
            Off by default: only argument names are kept. When on, values are stored with anything that looks
            like a secret redacted.
          </span>
        </span>
      </label>
      <label className="flex items-start gap-3">
        <input
          type="checkbox"
          name="require2fa"
          defaultChecked={settings.requireTwoFactor}
          className="mt-0.5 size-4"
        />
        <span>
          <span className="block text-sm font-medium">Require two-factor sign-in</span>
          <span className="block text-xs text-slate-600">
            Members without it are asked to set it up before they can open this account.
          </span>
        </span>
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        Save account settings
      </Button>
      {secret ? (
        <div className="space-y-2">
          <Notice tone="warning">The webhook signing secret, shown once:</Notice>
          <CodeBlock value={secret} />
        </div>
      ) : null}
    </form>
  );
}
