// Beside the account URL's configuration: one client entry per server, folded away, for clients that want the
// servers apart (their own URLs keep working).
import { ClientConfigs } from "@/components/client-configs";

export function PerServerConfigs({
  servers,
  agentKey,
}: {
  servers: Array<{ serverSlug: string; serverName?: string; gatewayUrl: string }>;
  agentKey?: string;
}) {
  if (servers.length === 0) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-brand-700">Or one entry per server</summary>
      <div className="mt-3 space-y-4">
        {servers.map((server) => (
          <div key={server.serverSlug}>
            <p className="mb-2 text-sm font-medium">
              Connect to {server.serverName ?? <span className="font-mono">{server.serverSlug}</span>}{" "}
              <span className="font-mono text-xs font-normal break-all text-slate-500">
                {server.gatewayUrl}
              </span>
            </p>
            <ClientConfigs name={server.serverSlug} url={server.gatewayUrl} agentKey={agentKey} />
          </div>
        ))}
      </div>
    </details>
  );
}
