"use client";
// Shows a freshly created key exactly once, with when it expires, a copy button and client configuration.
import { ClientConfigs } from "@/components/client-configs";
import { NewCredentialExpiry } from "@/components/credential-expiry/credential-status";
import { Notice } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";

export function NewKeyPanel({
  value,
  expiresAt,
  servers,
}: {
  value: string;
  expiresAt: string | null;
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
      {servers.map((server) => (
        <div key={server.serverSlug}>
          <p className="mb-2 text-sm font-medium">
            Connect to <span className="font-mono">{server.serverSlug}</span>
          </p>
          <ClientConfigs name={server.serverSlug} url={server.gatewayUrl} agentKey={value} />
        </div>
      ))}
    </div>
  );
}
