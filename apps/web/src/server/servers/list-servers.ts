// The account's servers with tool counts and health, for the servers page and `GET /api/v1/servers`.
import type { AccountContext } from "../context";
import { sharedConnectionInclude, type TServerDto, toServerDto } from "./server-dto";
import { lastUpstreamFailures, type TUpstreamFailure } from "./server-health";

export type TServerListItem = TServerDto & {
  toolCount: number;
  changedTools: number;
  published: boolean;
  /** The latest call the gateway could not complete upstream (last 7 days), if any. */
  lastUpstreamError: TUpstreamFailure | null;
};

export async function listServers(ctx: AccountContext): Promise<TServerListItem[]> {
  const servers = await ctx.db.server.findMany({
    where: { organizationId: ctx.organizationId },
    orderBy: { createdAt: "asc" },
    omit: { headersEnc: false },
    include: {
      ...sharedConnectionInclude,
      _count: { select: { tools: { where: { removedAt: null } } } },
      policies: { where: { isDefault: true }, select: { currentVersion: true } },
    },
  });
  const changed = await ctx.db.tool.groupBy({
    by: ["serverId"],
    where: { organizationId: ctx.organizationId, pendingHash: { not: null }, removedAt: null },
    _count: { _all: true },
  });
  const failures = await lastUpstreamFailures(ctx);
  const changedBy = new Map(changed.map((row) => [row.serverId, row._count._all]));
  return servers.map(({ headersEnc, _count, policies, ...server }) => ({
    ...toServerDto(ctx, { ...server, hasHeaders: headersEnc !== null }),
    toolCount: _count.tools,
    changedTools: changedBy.get(server.id) ?? 0,
    published: policies.some((policy) => policy.currentVersion !== null),
    lastUpstreamError: failures.get(server.id) ?? null,
  }));
}
