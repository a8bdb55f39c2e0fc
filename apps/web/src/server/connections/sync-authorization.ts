// The connection sync uses for an `oauth` server: the shared one, or (per_agent) the most recently made agent
// connection — the tools are the server's, whoever lists them. Without a usable one, sync says what to do.
import { connectionAuthorization, type UpstreamAuthorization } from "@gatehouse/upstream";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { loadOAuthClient } from "./load-oauth-client";
import { prismaConnectionStore } from "./prisma-connection-store";

export function expiredMessage(serverName: string): string {
  return `Upstream authorization expired: reconnect ${serverName} in Gatehouse`;
}

export async function syncAuthorization(
  ctx: AccountContext,
  server: { id: string; name: string; connectionMode: "shared" | "per_agent" },
): Promise<UpstreamAuthorization> {
  const connection = await ctx.db.upstreamConnection.findFirst({
    where: {
      organizationId: ctx.organizationId,
      serverId: server.id,
      ...(server.connectionMode === "shared" ? { subject: "shared" } : { agentId: { not: null } }),
    },
    orderBy: [{ status: "asc" }, { connectedAt: "desc" }],
    select: { id: true, status: true },
  });
  if (!connection) {
    throw new AppError(
      "conflict",
      server.connectionMode === "shared"
        ? `${server.name} uses OAuth: connect it first (Connect on its page, or POST /api/v1/servers/{id}/connect)`
        : `${server.name} uses OAuth with one connection per agent: connect an agent to it first`,
    );
  }
  if (connection.status === "expired") throw new AppError("upstream_refused", expiredMessage(server.name));
  const client = await loadOAuthClient(ctx, server.id);
  return connectionAuthorization(
    prismaConnectionStore(ctx.db, connection.id, ctx.settings.secretKey),
    client,
    {
      allowPrivate: ctx.settings.allowPrivateUpstreams,
    },
  );
}
