// The admin audit: changes made through the dashboard or the API, newest first.
import type { AccountContext } from "../context";

export interface TAdminEventDto {
  id: string;
  action: string;
  targetType: string;
  targetId: string | null;
  actor: string | null;
  details: unknown;
  createdAt: string;
}

export async function listAdminEvents(ctx: AccountContext, limit = 100): Promise<TAdminEventDto[]> {
  const rows = await ctx.db.adminAuditEvent.findMany({
    where: { organizationId: ctx.organizationId },
    orderBy: { createdAt: "desc" },
    take: Math.min(limit, 500),
  });
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    actor: row.actorLabel,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
  }));
}
