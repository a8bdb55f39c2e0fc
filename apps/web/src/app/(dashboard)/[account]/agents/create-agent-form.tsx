"use client";
import { useState } from "react";
import { ExpiryField } from "@/components/credential-expiry/expiry-field";
import { useCredentialForm } from "@/components/credential-expiry/use-credential-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, Notice } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { createAgentAction } from "./actions";
import { NewKeyPanel } from "./new-key-panel";

export function CreateAgentForm({
  account,
  servers,
}: {
  account: string;
  servers: Array<{ id: string; name: string; slug: string }>;
}) {
  const [created, setCreated] = useState<{
    key: string;
    expiresAt: string | null;
    accountUrl: string | null;
    servers: Array<{ serverSlug: string; gatewayUrl: string }>;
  } | null>(null);
  const { pending, error, expiryError, submit } = useCredentialForm(
    (form, expiry) =>
      createAgentAction(account, {
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
        serverIds: form.getAll("serverIds").map(String),
        ...expiry,
      }),
    (data) =>
      setCreated({
        key: data.key,
        expiresAt: data.agent.keys[0]?.expiresAt ?? null,
        accountUrl: data.agent.accountUrl,
        servers: data.agent.servers,
      }),
  );

  if (created) {
    return (
      <Card>
        <CardHeader
          title="Agent created"
          description="Give this key to the agent. It works on the servers you chose."
        />
        <CardBody>
          <NewKeyPanel
            account={account}
            value={created.key}
            expiresAt={created.expiresAt}
            accountUrl={created.accountUrl}
            servers={created.servers}
          />
          <div className="mt-4">
            <Button variant="secondary" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </CardBody>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader
        title="Create an agent"
        description="An identity for one client or machine, such as alice-laptop or ci-runner."
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-4">
          {error ? <Notice tone="error">{error}</Notice> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <Input label="Agent name" name="name" required placeholder="alice-laptop" />
            <Input label="Description" name="description" placeholder="optional" />
          </div>
          <fieldset>
            <legend className="mb-2 text-sm font-medium">Servers it may use</legend>
            {servers.length === 0 ? (
              <p className="text-sm text-slate-600">Register a server first.</p>
            ) : (
              <div className="flex flex-wrap gap-3">
                {servers.map((server) => (
                  <label
                    key={server.id}
                    className="flex items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-slate-200"
                  >
                    <input
                      type="checkbox"
                      name="serverIds"
                      value={server.id}
                      defaultChecked={servers.length === 1}
                      className="size-4"
                    />
                    {server.name}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <ExpiryField noun="key" error={expiryError} />
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create agent and key"}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
