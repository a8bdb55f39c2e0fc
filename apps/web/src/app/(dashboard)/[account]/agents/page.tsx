import type { Metadata } from "next";
import Link from "next/link";
import { AccountUrlCard } from "@/components/account-url-card";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { credentialStatusOf } from "@/lib/credential-expiry";
import { formatDateTime, formatRelative } from "@/lib/format";
import { accountUrlsFor } from "@/server/accounts/account-urls";
import { listAgents } from "@/server/agents/list-agents";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { CreateAgentForm } from "./create-agent-form";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const ctx = await getAccountContext(account);
  const [agents, servers] = await Promise.all([
    listAgents(ctx),
    ctx.db.server.findMany({
      where: { organizationId: ctx.organizationId },
      select: { id: true, name: true, slug: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const isAdmin = hasRole(ctx.role, "admin");
  const now = Date.now();
  return (
    <>
      <PageHeader
        title="Agents"
        description="Each agent has its own keys, or signed in with OAuth from an MCP client, and a list of servers it may reach. Revoke a key or an agent's access and it stops working within a second."
      />
      <div className="space-y-6">
        {isAdmin ? <CreateAgentForm account={account} servers={servers} /> : null}
        <Card>
          {agents.length === 0 ? (
            <EmptyState
              title="No agents yet"
              description="Create an agent to get a key for your MCP client."
            />
          ) : (
            <Table label="Agents">
              <thead>
                <tr>
                  <Th>Agent</Th>
                  <Th>Servers</Th>
                  <Th>Credentials</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                </tr>
              </thead>
              <TBody>
                {agents.map((agent) => (
                  <tr key={agent.id}>
                    <Td>
                      <Link
                        href={`/${account}/agents/${agent.id}`}
                        className="font-medium text-slate-900 hover:underline"
                      >
                        {agent.name}
                      </Link>
                      {agent.suspended ? (
                        <span className="ml-2">
                          <Badge tone="red">Suspended</Badge>
                        </span>
                      ) : null}
                      {agent.description ? (
                        <div className="text-xs text-slate-500">{agent.description}</div>
                      ) : null}
                    </Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        {agent.servers.map((server) => (
                          <Badge key={server.serverId}>{server.serverSlug}</Badge>
                        ))}
                      </div>
                    </Td>
                    <Td className="tabular-nums">
                      {agent.kind === "oauth" ? (
                        <div data-testid="oauth-agent">
                          <Badge tone={agent.activeGrants > 0 ? "violet" : "red"}>
                            {agent.activeGrants > 0 ? "OAuth" : "OAuth · revoked"}
                          </Badge>
                          <div className="mt-1 text-xs text-slate-600">
                            {agent.client?.name ?? "Unnamed client"} (unverified) ·{" "}
                            {agent.user?.email ?? "deleted user"}
                          </div>
                        </div>
                      ) : (
                        <>
                          {agent.keys.filter((key) => credentialStatusOf(key, now) === "active").length}{" "}
                          active keys
                        </>
                      )}
                    </Td>
                    <Td className="text-xs text-slate-600">{formatDateTime(agent.createdAt)}</Td>
                    <Td className="text-xs text-slate-600">{formatRelative(agent.lastUsedAt)}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <AccountUrlCard account={account} urls={accountUrlsFor(ctx)} />
      </div>
    </>
  );
}
