import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { listServers } from "@/server/servers/list-servers";
import { ServerHealthText } from "./server-health-text";

export const metadata: Metadata = { title: "Servers" };

const TRANSPORT_LABEL = { streamable_http: "Streamable HTTP", sse: "SSE", stdio: "stdio" } as const;

export default async function ServersPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const ctx = await getAccountContext(account);
  const servers = await listServers(ctx);
  const canEdit = hasRole(ctx.role, "policy_manager");
  return (
    <>
      <PageHeader
        title="Servers"
        description="The MCP servers your agents reach through Gatehouse. Each has its own gateway URL and policy."
        actions={canEdit ? <LinkButton href={`/${account}/servers/new`}>Register a server</LinkButton> : null}
      />
      <Card>
        {servers.length === 0 ? (
          <EmptyState
            title="No servers yet"
            description="Register an MCP server by URL, or start from a catalogue entry. Gatehouse lists its tools and classifies their risk."
            action={
              canEdit ? <LinkButton href={`/${account}/servers/new`}>Register a server</LinkButton> : null
            }
          />
        ) : (
          <Table label="Servers">
            <thead>
              <tr>
                <Th>Server</Th>
                <Th>Upstream</Th>
                <Th>Tools</Th>
                <Th>Policy</Th>
                <Th>Health</Th>
              </tr>
            </thead>
            <TBody>
              {servers.map((server) => (
                <tr key={server.id}>
                  <Td>
                    <Link
                      href={`/${account}/servers/${server.slug}`}
                      className="font-medium text-slate-900 hover:underline"
                    >
                      {server.name}
                    </Link>
                    <div className="text-xs text-slate-500">{server.slug}</div>
                  </Td>
                  <Td>
                    <div className="max-w-xs truncate font-mono text-xs">{server.url ?? server.command}</div>
                    <div className="text-xs text-slate-500">{TRANSPORT_LABEL[server.transport]}</div>
                  </Td>
                  <Td className="tabular-nums">
                    {server.toolCount}
                    {server.changedTools > 0 ? (
                      <span className="ml-2">
                        <Badge tone="orange">{server.changedTools} changed</Badge>
                      </span>
                    ) : null}
                  </Td>
                  <Td>
                    {server.suspended ? (
                      <Badge tone="red">Suspended</Badge>
                    ) : server.published ? (
                      <Badge tone="green">Published</Badge>
                    ) : (
                      <Badge tone="amber">Not published — all calls denied</Badge>
                    )}
                  </Td>
                  <Td className="max-w-xs" data-testid={`health-${server.slug}`}>
                    <ServerHealthText server={server} />
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
