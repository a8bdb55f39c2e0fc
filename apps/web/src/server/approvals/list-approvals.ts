// Approval requests, newest first, with the server, the agent and (for deciders) the held call's arguments.
import type { ApprovalStatus } from "@gatehouse/db";
import { decryptJson } from "@gatehouse/db/secrets";
import { type AccountContext, hasRole } from "../context";

export interface TApprovalDto {
  id: string;
  status: ApprovalStatus;
  tool: string;
  serverId: string;
  serverSlug: string | null;
  agentId: string;
  agentName: string | null;
  rule: string;
  reason: string | null;
  arguments: unknown;
  argumentKeys: string[];
  requestedAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  usableUntil: string | null;
}

const STATUSES = new Set(["pending", "approved", "denied", "expired", "used"]);

export async function listApprovals(
  ctx: AccountContext,
  options: { status?: string | null; limit?: number } = {},
): Promise<TApprovalDto[]> {
  const status =
    options.status && STATUSES.has(options.status) ? (options.status as ApprovalStatus) : undefined;
  const now = new Date();
  const rows = await ctx.db.approvalRequest.findMany({
    where: {
      organizationId: ctx.organizationId,
      ...(status ? { status } : {}),
      ...(status === "pending" ? { expiresAt: { gt: now } } : {}),
    },
    orderBy: { requestedAt: "desc" },
    take: Math.min(options.limit ?? 100, 500),
    omit: { argumentsEnc: false },
  });
  const serverIds = [...new Set(rows.map((row) => row.serverId))];
  const agentIds = [...new Set(rows.map((row) => row.agentId))];
  const deciderIds = [...new Set(rows.flatMap((row) => (row.decidedById ? [row.decidedById] : [])))];
  const [servers, agents, users] = await Promise.all([
    ctx.db.server.findMany({
      where: { organizationId: ctx.organizationId, id: { in: serverIds } },
      select: { id: true, slug: true },
    }),
    ctx.db.agent.findMany({
      where: { organizationId: ctx.organizationId, id: { in: agentIds } },
      select: { id: true, name: true },
    }),
    ctx.db.user.findMany({ where: { id: { in: deciderIds } }, select: { id: true, email: true } }),
  ]);
  const serverSlug = new Map(servers.map((s) => [s.id, s.slug]));
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  const email = new Map(users.map((u) => [u.id, u.email]));
  const canSeeArguments = hasRole(ctx.role, "policy_manager");
  return rows.map((row) => {
    const expired = row.status === "pending" && row.expiresAt <= now;
    // An expired request's arguments are no longer needed by anyone; they are not shown (and are swept by the gateway).
    let args: unknown = null;
    if (canSeeArguments && row.argumentsEnc && !expired) {
      try {
        args = decryptJson(row.argumentsEnc, ctx.settings.secretKey);
      } catch {
        args = null;
      }
    }
    return {
      id: row.id,
      status: expired ? "expired" : row.status,
      tool: row.tool,
      serverId: row.serverId,
      serverSlug: serverSlug.get(row.serverId) ?? null,
      agentId: row.agentId,
      agentName: agentName.get(row.agentId) ?? null,
      rule: row.rule,
      reason: row.reason,
      arguments: args,
      argumentKeys: row.argumentKeys,
      requestedAt: row.requestedAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
      decidedBy: row.decidedById ? (email.get(row.decidedById) ?? null) : null,
      decisionNote: row.decisionNote,
      usableUntil: row.usableUntil?.toISOString() ?? null,
    };
  });
}
