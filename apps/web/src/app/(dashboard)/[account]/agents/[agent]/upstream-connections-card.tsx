// An agent's own upstream OAuth connections, for the servers it may call that keep one per agent: status, expiry
// and scopes (never a token), and Connect / Disconnect for admins and, for an `oauth` agent, the user it acts for.
import { ConnectionButtons } from "@/app/(dashboard)/[account]/servers/[server]/connection-buttons";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, Notice } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import type { TAgentDto } from "@/server/agents/agent-dto";

export function UpstreamConnectionsCard({
  account,
  agent,
  canConnect,
}: {
  account: string;
  agent: TAgentDto;
  canConnect: boolean;
}) {
  const servers = agent.servers.filter((server) => server.connection);
  if (servers.length === 0) return null;
  return (
    <Card>
      <CardHeader
        title="Upstream sign-ins"
        description="These servers sign in with OAuth once per agent: calls act upstream as the account connected here."
      />
      <CardBody className="space-y-3">
        {servers.map((server) => {
          const connection = server.connection ?? { status: "not_connected" as const };
          return (
            <div
              key={server.serverId}
              className="space-y-2"
              data-testid={`upstream-connection-${server.serverSlug}`}
            >
              {connection.status === "expired" ? (
                <Notice tone="error">
                  Upstream authorization expired: reconnect {server.serverName} in Gatehouse.
                </Notice>
              ) : null}
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
                  <span className="font-medium">{server.serverName}</span>
                  {connection.status === "connected" ? (
                    <Badge tone="green">Connected</Badge>
                  ) : connection.status === "expired" ? (
                    <Badge tone="red">Expired</Badge>
                  ) : (
                    <Badge tone="amber">Not connected</Badge>
                  )}
                  {connection.expiresAt ? (
                    <span>token expires {formatDateTime(connection.expiresAt)}</span>
                  ) : null}
                  {connection.scopes?.length ? <span>scopes: {connection.scopes.join(" ")}</span> : null}
                </div>
                {canConnect ? (
                  <ConnectionButtons
                    account={account}
                    serverId={server.serverId}
                    agentId={agent.id}
                    connected={connection.status === "connected"}
                    returnTo={`/${account}/agents/${agent.id}`}
                  />
                ) : null}
              </div>
            </div>
          );
        })}
      </CardBody>
    </Card>
  );
}
