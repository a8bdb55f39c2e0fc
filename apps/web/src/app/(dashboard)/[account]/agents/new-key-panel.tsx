"use client";
// Shows a freshly created key exactly once, with when it expires, a copy button and client configuration: one entry
// for the account URL, which reaches all the agent's servers, and one per server for clients that want them apart.
import { ClientConfigs } from "@/components/client-configs";
import { NewCredentialExpiry } from "@/components/credential-expiry/credential-status";
import { Notice } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PerServerConfigs } from "./per-server-configs";

export function NewKeyPanel({
  account,
  value,
  expiresAt,
  accountUrl,
  servers,
}: {
  account: string;
  value: string;
  expiresAt: string | null;
  accountUrl: string | null;
  servers: Array<{ serverSlug: string; gatewayUrl: string }>;
}) {
  return (
    <div className="space-y-4">
      <Notice tone="warning">
        Copy this key now. Gatehouse stores only its hash and cannot show it again.
      </Notice>
      <div className="flex items-center gap-2">
        <code
          className="min-w-0 flex-1 truncate rounded-md bg-slate-100 px-3 py-2 font-mono text-sm"
          data-testid="agent-key"
        >
          {value}
        </code>
        <CopyButton value={value} label="Copy key" />
      </div>
      <NewCredentialExpiry expiresAt={expiresAt} testId="agent-key-expiry" />
      {accountUrl ? (
        <div data-testid="new-key-account-url">
          <p className="mb-2 text-sm font-medium">
            Connect to all its servers at once: <span className="break-all font-mono">{accountUrl}</span>
          </p>
          <ClientConfigs name={account} url={accountUrl} agentKey={value} />
        </div>
      ) : null}
      <PerServerConfigs servers={servers} agentKey={value} />
    </div>
  );
}
