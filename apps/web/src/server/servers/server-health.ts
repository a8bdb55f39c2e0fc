// Each server's health as the dashboard shows it: the last sync (and its error) from the server row, and the
// last call the gateway could not complete upstream, from the audit log (last 7 days, so the query stays small).
import type { AccountContext } from "../context";

export interface TUpstreamFailure {
  at: string;
  tool: string | null;
  /** The upstream's HTTP status or the gateway's reason ("unauthorized", "gateway error"). */
  detail: string;
}

const WINDOW_MS = 7 * 24 * 3600 * 1000;

/** The latest upstream failure of each server of the account that had one in the last week. */
export async function lastUpstreamFailures(ctx: AccountContext): Promise<Map<string, TUpstreamFailure>> {
  const rows = await ctx.db.auditEvent.findMany({
    where: {
      organizationId: ctx.organizationId,
      decision: "upstream_error",
      createdAt: { gte: new Date(Date.now() - WINDOW_MS) },
      serverId: { not: null },
    },
    orderBy: { createdAt: "desc" },
    distinct: ["serverId"],
    select: { serverId: true, createdAt: true, tool: true, upstreamStatus: true, reason: true },
  });
  const result = new Map<string, TUpstreamFailure>();
  for (const row of rows) {
    if (!row.serverId) continue;
    // An HTTP status, or the gateway's word for what happened ("unreachable", "timeout").
    const status = row.upstreamStatus
      ? /^\d+$/.test(row.upstreamStatus)
        ? `upstream answered ${row.upstreamStatus}`
        : `upstream ${row.upstreamStatus}`
      : null;
    result.set(row.serverId, {
      at: row.createdAt.toISOString(),
      tool: row.tool,
      detail: [status, row.reason].filter(Boolean).join(": ") || "the upstream failed",
    });
  }
  return result;
}
