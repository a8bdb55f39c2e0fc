// The activity log: audit events with filters and a keyset cursor, newest first.
import type { Decision, Prisma } from "@gatehouse/db";
import { AUDIT_DECISIONS, type AuditDecision } from "@gatehouse/policy";
import { z } from "zod";
import type { AccountContext } from "../context";
import { AppError } from "../errors";

/**
 * The decisions that refused a call — what the overview's "Refused" count, the chart's refused bars and the filter
 * `decision=refused` all mean, so a count and the events it links to are the same set.
 */
export const REFUSED_DECISIONS = [
  "denied",
  "hidden",
  "rate_limited",
  "approval_denied",
  "approval_expired",
] as const satisfies readonly AuditDecision[];

export const ZAuditQuerySchema = z.object({
  serverId: z.string().uuid().optional(),
  agentId: z.string().uuid().optional(),
  /** Part of a tool's name, any case. */
  tool: z.string().max(200).optional(),
  /** One decision, or "refused": any of REFUSED_DECISIONS. */
  decision: z.enum([...AUDIT_DECISIONS, "refused"]).optional(),
  /** A JSON-RPC method ("tools/call": the calls alone). */
  method: z.string().max(200).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
});
export type TAuditQuery = z.input<typeof ZAuditQuerySchema>;

export interface TAuditEventDto {
  id: string;
  createdAt: string;
  serverId: string | null;
  serverSlug: string | null;
  agentId: string | null;
  agentName: string | null;
  sessionId: string | null;
  method: string;
  tool: string | null;
  decision: Decision;
  rule: string | null;
  reason: string | null;
  latencyMs: number | null;
  upstreamStatus: string | null;
  argumentKeys: string[];
  approvalId: string | null;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(time ?? "");
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!id || !uuid.test(id) || Number.isNaN(createdAt.getTime()))
    throw new AppError("bad_request", "Invalid cursor");
  return { createdAt, id };
}

export function auditWhere(
  ctx: AccountContext,
  query: z.output<typeof ZAuditQuerySchema>,
): Prisma.AuditEventWhereInput {
  return {
    organizationId: ctx.organizationId,
    ...(query.serverId ? { serverId: query.serverId } : {}),
    ...(query.agentId ? { agentId: query.agentId } : {}),
    ...(query.tool ? { tool: { contains: query.tool, mode: "insensitive" } } : {}),
    ...(query.method ? { method: query.method } : {}),
    ...(query.decision === "refused"
      ? { decision: { in: [...REFUSED_DECISIONS] } }
      : query.decision
        ? { decision: query.decision }
        : {}),
    ...(query.since || query.until
      ? {
          createdAt: {
            ...(query.since ? { gte: query.since } : {}),
            ...(query.until ? { lt: query.until } : {}),
          },
        }
      : {}),
  };
}

/** How many events match the filters (cursor and limit aside): the count the activity page shows. */
export async function countAuditEvents(ctx: AccountContext, input: TAuditQuery): Promise<number> {
  return ctx.db.auditEvent.count({ where: auditWhere(ctx, ZAuditQuerySchema.parse(input)) });
}

export async function listAuditEvents(
  ctx: AccountContext,
  input: TAuditQuery,
): Promise<{ events: TAuditEventDto[]; nextCursor?: string }> {
  const query = ZAuditQuerySchema.parse(input);
  const where = auditWhere(ctx, query);
  if (query.cursor) {
    const { createdAt, id } = decodeCursor(query.cursor);
    where.AND = [{ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] }];
  }
  const rows = await ctx.db.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    omit: { arguments: true, organizationId: true },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const events = page.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
  return rows.length > query.limit && last
    ? { events, nextCursor: Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url") }
    : { events };
}
