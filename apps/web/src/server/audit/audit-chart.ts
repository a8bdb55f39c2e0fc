// Calls and refusals per time bucket, for the activity chart (one grouped query, whatever the volume).
import { Prisma } from "@gatehouse/db";
import type { AccountContext } from "../context";

export interface TChartBucket {
  start: string;
  calls: number;
  refused: number;
}

export async function auditChart(
  ctx: AccountContext,
  options: { hours: number; buckets: number; serverId?: string | undefined },
): Promise<TChartBucket[]> {
  const sizeMs = Math.floor((options.hours * 3600 * 1000) / options.buckets);
  const start = Math.floor((Date.now() - options.hours * 3600 * 1000) / sizeMs) * sizeMs;
  const serverFilter = options.serverId
    ? Prisma.sql`AND "serverId" = ${options.serverId}::uuid`
    : Prisma.empty;
  const rows = await ctx.db.$queryRaw<Array<{ bucket: number; calls: number; refused: number }>>`
    SELECT floor((extract(epoch from "createdAt") * 1000 - ${start}) / ${sizeMs})::int AS bucket,
           count(*)::int AS calls,
           count(*) FILTER (WHERE decision::text IN ('denied','rate_limited','approval_denied','approval_expired','hidden'))::int AS refused
    FROM "AuditEvent"
    WHERE "organizationId" = ${ctx.organizationId}::uuid AND method = 'tools/call'
      AND "createdAt" >= ${new Date(start)} ${serverFilter}
    GROUP BY 1`;
  const buckets: TChartBucket[] = Array.from({ length: options.buckets + 1 }, (_, index) => ({
    start: new Date(start + index * sizeMs).toISOString(),
    calls: 0,
    refused: 0,
  }));
  for (const row of rows) {
    const bucket = buckets[Number(row.bucket)];
    if (!bucket) continue;
    bucket.calls += Number(row.calls);
    bucket.refused += Number(row.refused);
  }
  return buckets;
}
