// An OAuth server's upstream connection on its pages: status, expiry and scopes (never a token), a banner when it
// expired, and Connect / Disconnect for those who may make it.
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import type { TServerDto } from "@/server/servers/server-dto";
import { ConnectionButtons } from "./connection-buttons";

export function ConnectionPanel({
  account,
  server,
  canConnect,
}: {
  account: string;
  server: TServerDto;
  canConnect: boolean;
}) {
  if (server.auth !== "oauth") return null;
  const returnTo = `/${account}/servers/${server.slug}`;
  if (server.connectionMode === "per_agent") {
    return (
      <div className="mb-4" data-testid="upstream-connection">
        <Notice tone="info">
          {server.name} signs in with OAuth, one connection per agent: each agent is connected from its own
          page.
        </Notice>
      </div>
    );
  }
  const connection = server.connection ?? { status: "not_connected" as const };
  return (
    <div className="mb-4 space-y-3" data-testid="upstream-connection">
      {connection.status === "expired" ? (
        <Notice tone="error">
          Upstream authorization expired: reconnect {server.name} in Gatehouse.
          {connection.error ? ` The authorization server said: ${connection.error}` : ""}
        </Notice>
      ) : null}
      {connection.status === "not_connected" ? (
        <Notice tone="warning">
          {server.name} asks for OAuth sign-in. Agents' calls are refused until someone connects it.
        </Notice>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-white px-4 py-3 ring-1 ring-slate-200">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span>Upstream sign-in</span>
          {connection.status === "connected" ? (
            <Badge tone="green">Connected</Badge>
          ) : connection.status === "expired" ? (
            <Badge tone="red">Expired</Badge>
          ) : (
            <Badge tone="amber">Not connected</Badge>
          )}
          {connection.status === "connected" && connection.expiresAt ? (
            <span>token expires {formatDateTime(connection.expiresAt)} (renewed before)</span>
          ) : null}
          {connection.scopes?.length ? <span>scopes: {connection.scopes.join(" ")}</span> : null}
        </div>
        {canConnect ? (
          <ConnectionButtons
            account={account}
            serverId={server.id}
            connected={connection.status === "connected"}
            returnTo={returnTo}
          />
        ) : null}
      </div>
    </div>
  );
}
