import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ClientConfigs } from "@/components/client-configs";
import { CredentialStatusBadge, ExpiryTime } from "@/components/credential-expiry/credential-status";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { credentialStatusOf } from "@/lib/credential-expiry";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { TAgentDto } from "@/server/agents/agent-dto";
import { getAgent } from "@/server/agents/list-agents";
import { previewAccountTools } from "@/server/agents/preview-account-tools";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { PerServerConfigs } from "../per-server-configs";
import { AccountPreviewCard } from "./account-preview-card";
import { AgentControls, KeyControls, RevokeKeyButton } from "./agent-controls";
import { OAuthAgentCard } from "./oauth-agent-card";
import { ScopeEditor } from "./scope-editor";
import { UpstreamConnectionsCard } from "./upstream-connections-card";

export const metadata: Metadata = { title: "Agent" };

export default async function AgentPage({ params }: { params: Promise<{ account: string; agent: string }> }) {
  const { account, agent: agentId } = await params;
  const ctx = await getAccountContext(account);
  let agent: TAgentDto;
  try {
    agent = await getAgent(ctx, agentId);
  } catch {
    notFound();
  }
  const isAdmin = hasRole(ctx.role, "admin");
  // An agent that signed in is bound to one server's OAuth URL: the account URL is for key agents.
  const preview = agent.kind === "key" ? await previewAccountTools(ctx, agent.id) : null;
  const servers = isAdmin
    ? await ctx.db.server.findMany({
        where: { organizationId: ctx.organizationId },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, policies: { select: { id: true, name: true, isDefault: true } } },
      })
    : [];
  const now = Date.now();
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {agent.name}
            {agent.suspended ? <Badge tone="red">Suspended</Badge> : null}
          </span>
        }
        description={agent.description ?? `Last used ${formatRelative(agent.lastUsedAt)}.`}
        actions={
          isAdmin ? <AgentControls account={account} agentId={agent.id} suspended={agent.suspended} /> : null
        }
      />
      <div className="space-y-6">
        {agent.kind === "oauth" ? <OAuthAgentCard account={account} agent={agent} isAdmin={isAdmin} /> : null}
        {agent.kind === "oauth" ? null : (
          <Card>
            <CardHeader
              title="Keys"
              description="Only a prefix of each key is kept for display."
              actions={isAdmin ? <KeyControls account={account} agent={agent} /> : null}
            />
            <Table label="Keys">
              <thead>
                <tr>
                  <Th>Key</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                  <Th>Expiry</Th>
                  <Th>Status</Th>
                  <Th />
                </tr>
              </thead>
              <TBody>
                {agent.keys.map((key) => (
                  <tr key={key.id} data-testid={`key-${key.prefix}`}>
                    <Td className="text-xs">
                      {key.name ? <span className="mr-2 font-medium text-slate-900">{key.name}</span> : null}
                      <span className="font-mono">{key.prefix}…</span>
                    </Td>
                    <Td className="text-xs">{formatDateTime(key.createdAt)}</Td>
                    <Td className="text-xs">{formatRelative(key.lastUsedAt)}</Td>
                    <Td className="text-xs">
                      <ExpiryTime expiresAt={key.expiresAt} now={now} />
                    </Td>
                    <Td>
                      <CredentialStatusBadge credential={key} now={now} refusedBy="the gateway" />
                    </Td>
                    <Td className="text-right">
                      {/* An expired key can never work again, so there is nothing left to revoke. */}
                      {isAdmin && credentialStatusOf(key, now) === "active" ? (
                        <RevokeKeyButton
                          account={account}
                          keyId={key.id}
                          label={key.name ? `key “${key.name}”` : `key ${key.prefix}…`}
                        />
                      ) : null}
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          </Card>
        )}
        <UpstreamConnectionsCard
          account={account}
          agent={agent}
          canConnect={isAdmin || (agent.kind === "oauth" && agent.user?.id === ctx.actor.userId)}
        />
        {isAdmin ? (
          <Card>
            <CardHeader
              title="Access"
              description="The servers this agent may call, and the policy it runs under on each."
            />
            <CardBody>
              <ScopeEditor
                account={account}
                agentId={agent.id}
                servers={servers}
                scopes={agent.servers.map((scope) => ({
                  serverId: scope.serverId,
                  policyId: scope.policyId,
                }))}
              />
            </CardBody>
          </Card>
        ) : null}
        {preview ? <AccountPreviewCard preview={preview} /> : null}
        {agent.accountUrl ? (
          <Card>
            <CardHeader
              title="Connect to all its servers"
              description={
                <>
                  One entry for every server above, at the account URL{" "}
                  <span className="break-all font-mono text-xs" data-testid="agent-account-url">
                    {agent.accountUrl}
                  </span>
                </>
              }
            />
            <CardBody className="space-y-4">
              <ClientConfigs name={account} url={agent.accountUrl} />
              <PerServerConfigs servers={agent.servers} />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
