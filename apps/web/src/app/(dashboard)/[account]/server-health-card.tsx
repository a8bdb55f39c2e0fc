// The overview's server health: for each server, when its tools were last synced (or why that failed) and the
// last call the gateway could not complete upstream in the past week.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { formatRelative } from "@/lib/format";
import type { AccountContext } from "@/server/context";
import { listServers } from "@/server/servers/list-servers";
import { ServerHealthText } from "./servers/server-health-text";

export async function ServerHealthCard({ ctx, account }: { ctx: AccountContext; account: string }) {
  const servers = await listServers(ctx);
  if (servers.length === 0) return null;
  const unhealthy = servers.filter((server) => server.lastSyncError || server.lastUpstreamError).length;
  return (
    <Card className="mt-6">
      <CardHeader
        title="Server health"
        description={
          unhealthy === 0
            ? "Every server answered its last sync, and no call failed upstream this week."
            : `${unhealthy} of ${servers.length} servers need a look.`
        }
      />
      <ul className="divide-y divide-slate-100">
        {servers.map((server) => (
          <li
            key={server.id}
            data-testid={`health-${server.slug}`}
            className="flex flex-wrap items-start justify-between gap-3 px-5 py-3"
          >
            <div className="min-w-0">
              <Link
                href={`/${account}/servers/${server.slug}`}
                className="text-sm font-medium text-slate-900 hover:underline"
              >
                {server.name}
              </Link>
              <ServerHealthText server={server} />
            </div>
            {server.lastSyncError || server.lastUpstreamError ? (
              <Badge tone="red">Needs a look</Badge>
            ) : server.lastSyncedAt ? (
              <Badge tone="green" title={`Synced ${formatRelative(server.lastSyncedAt)}`}>
                Healthy
              </Badge>
            ) : (
              <Badge tone="amber">Never synced</Badge>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
