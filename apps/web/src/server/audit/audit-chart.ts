// Tool calls and refusals per time bucket, for the activity chart (one grouped query, whatever the volume). It takes
// the page's window and its server, agent and tool filters; the refused set is the one the filter and the overview
// use (REFUSED_DECISIONS).
import { Prisma } from "@gatehouse/db";
import type { AccountContext } from "../context";
import { REFUSED_DECISIONS } from "./list-audit-events";

export interface TChartBucket {
  start: string;
  calls: number;
  refused: number;
}

export interface TChartOptions {
  since: Date;
  until?: Date | undefined;
  buckets: number;
  serverId?: string | undefined;
  agentId?: string | undefined;
  /** Part of a tool's name, any case (as the event filter). */
  tool?: string | undefined;
}

export async function auditChart(ctx: AccountContext, options: TChartOptions): Promise<TChartBucket[]> {
  const end = options.until?.getTime() ?? Date.now();
  const sizeMs = Math.max(1000, Math.ceil((end - options.since.getTime()) / options.buckets));
  const start = options.since.getTime();
  const filters = [
    options.serverId ? Prisma.sql`AND "serverId" = ${options.serverId}::uuid` : Prisma.empty,
    options.agentId ? Prisma.sql`AND "agentId" = ${options.agentId}::uuid` : Prisma.empty,
    // position() rather than LIKE: the text is matched as it is, with no wildcard of its own.
    options.tool ? Prisma.sql`AND position(lower(${options.tool}) in lower(tool)) > 0` : Prisma.empty,
    options.until ? Prisma.sql`AND "createdAt" < ${options.until}` : Prisma.empty,
  ];
  const refused = Prisma.join(REFUSED_DECISIONS.map((decision) => Prisma.sql`${decision}`));
  const rows = await ctx.db.$queryRaw<Array<{ bucket: number; calls: number; refused: number }>>`
    SELECT floor((extract(epoch from "createdAt") * 1000 - ${start}) / ${sizeMs})::int AS bucket,
           count(*)::int AS calls,
           count(*) FILTER (WHERE decision::text IN (${refused}))::int AS refused
    FROM "AuditEvent"
    WHERE "organizationId" = ${ctx.organizationId}::uuid AND method = 'tools/call'
      AND "createdAt" >= ${options.since} ${Prisma.join(filters, " ")}
    GROUP BY 1`;
  const buckets: TChartBucket[] = Array.from({ length: options.buckets }, (_, index) => ({
    start: new Date(start + index * sizeMs).toISOString(),
    calls: 0,
    refused: 0,
  }));
  for (const row of rows) {
    const bucket = buckets[Math.min(Number(row.bucket), options.buckets - 1)];
    if (!bucket) continue;
    bucket.calls += Number(row.calls);
    bucket.refused += Number(row.refused);
  }
  return buckets;
}
