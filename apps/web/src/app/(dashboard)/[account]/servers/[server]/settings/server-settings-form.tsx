"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Input } from "@/components/ui/field";
import type { TServerDto } from "@/server/servers/server-dto";
import { deleteServerAction, updateServerAction } from "../../actions";

function Toggle({
  label,
  description,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  description: string;
  checked: boolean;
  disabled: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <label className="flex items-start gap-3 py-3">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        className="mt-0.5 size-4"
      />
      <span>
        <span className="block text-sm font-medium">{label}</span>
        <span className="block text-xs text-slate-600">{description}</span>
      </span>
    </label>
  );
}

export function ServerSettingsForm({
  account,
  server,
  canEdit,
  canDelete,
}: {
  account: string;
  server: TServerDto;
  canEdit: boolean;
  canDelete: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const update = (input: Parameters<typeof updateServerAction>[2]) =>
    startTransition(async () => {
      setError(null);
      const result = await updateServerAction(account, server.id, input);
      if (!result.ok) setError(result.error.message);
      else if (result.data.slug !== server.slug)
        router.push(`/${account}/servers/${result.data.slug}/settings`);
      else router.refresh();
    });
  return (
    <Card>
      <CardHeader title="Settings" />
      <CardBody className="space-y-4">
        {error ? <Notice tone="error">{error}</Notice> : null}
        {/* onSubmit, not a form action: React resets a form after its action, losing edits on an error. */}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            update({
              name: String(form.get("name")),
              url: String(form.get("url") || server.url || "") || undefined,
            });
          }}
          className="grid gap-4 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
        >
          <Input label="Name" name="name" defaultValue={server.name} disabled={!canEdit} />
          {server.transport === "stdio" ? (
            <Input
              label="Command"
              name="command"
              defaultValue={`${server.command} ${server.args.join(" ")}`}
              disabled
            />
          ) : (
            <Input
              label="URL"
              name="url"
              type="url"
              defaultValue={server.url ?? ""}
              disabled={!canEdit}
              hint={
                server.hasHeaders
                  ? "Upstream headers are set. Changing the URL clears them."
                  : "No upstream headers."
              }
            />
          )}
          <Button type="submit" variant="secondary" disabled={!canEdit || pending}>
            Save
          </Button>
        </form>
        <div className="divide-y divide-slate-100 border-t border-slate-100">
          <Toggle
            label="Pin tool definitions"
            description="Hide a tool from agents when its definition changes, until someone accepts the new one."
            checked={server.pin_tools}
            disabled={!canEdit || pending}
            onChange={(value) => update({ pin_tools: value })}
          />
          <Toggle
            label="Public"
            description="Serve requests without a key as the account's anonymous agent, under the same policy."
            checked={server.public}
            disabled={!canEdit || pending}
            onChange={(value) => update({ public: value })}
          />
          <Toggle
            label="Suspended"
            description="Refuse every call to this server at once."
            checked={server.suspended}
            disabled={!canEdit || pending}
            onChange={(value) => update({ suspended: value })}
          />
        </div>
        {canDelete ? (
          <div className="border-t border-slate-100 pt-4">
            <ConfirmButton
              disabled={pending}
              title={`Delete ${server.name}?`}
              message="Its tools, policies and versions are deleted, and agents can no longer reach it. This cannot be undone."
              confirmLabel="Delete server"
              onConfirm={() =>
                startTransition(async () => {
                  const result = await deleteServerAction(account, server.id);
                  if (result.ok) router.push(`/${account}/servers`);
                  else setError(result.error.message);
                })
              }
            >
              Delete server
            </ConfirmButton>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
