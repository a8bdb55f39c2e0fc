// An agent of kind `oauth` (DESIGN §10): the client it signed in with (as the client describes itself, so marked
// unverified), the person who consented, when, and whether its tokens still work; "Revoke access" for admins.
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { TAgentDto } from "@/server/agents/agent-dto";
import { RevokeAccessButton } from "./agent-controls";

export function OAuthAgentCard({
  account,
  agent,
  isAdmin,
}: {
  account: string;
  agent: TAgentDto;
  isAdmin: boolean;
}) {
  const client = agent.client;
  return (
    <Card>
      <CardHeader
        title="Signed in with OAuth"
        description="A person allowed this client on the consent page; its tokens work only on the server below."
        actions={
          isAdmin ? (
            <RevokeAccessButton account={account} agentId={agent.id} disabled={agent.activeGrants === 0} />
          ) : null
        }
      />
      <CardBody>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm" aria-label="OAuth sign-in">
          <dt className="text-slate-500">Client</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{client?.name ?? "Unnamed client"}</span>
            <Badge tone="amber">Unverified</Badge>
            {client?.registration === "metadata_document" ? (
              <Badge>Metadata document</Badge>
            ) : (
              <Badge>Registered</Badge>
            )}
          </dd>
          <dt className="text-slate-500">Client ID</dt>
          <dd className="break-all font-mono text-xs">{client?.clientId}</dd>
          {client?.site ? (
            <>
              <dt className="text-slate-500">Site</dt>
              <dd className="break-all">{client.site}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">User</dt>
          <dd>{agent.user?.email ?? "deleted user"}</dd>
          <dt className="text-slate-500">Created</dt>
          <dd>{formatDateTime(agent.createdAt)}</dd>
          <dt className="text-slate-500">Last used</dt>
          <dd>{formatRelative(agent.lastUsedAt)}</dd>
          <dt className="text-slate-500">Access</dt>
          <dd data-testid="oauth-access">
            {agent.activeGrants > 0 ? <Badge tone="green">Active</Badge> : <Badge tone="red">Revoked</Badge>}
          </dd>
          {agent.servers.map((server) => (
            <div key={server.serverId} className="contents">
              <dt className="text-slate-500">OAuth URL</dt>
              <dd className="break-all font-mono text-xs">{server.gatewayUrl}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
