// CSV export of the activity log for the signed-in member (same filters as the page, up to 10,000 rows).

import { csvCell } from "@/lib/csv-cell";
import { errorResponse } from "@/server/api";
import { listAuditEvents, ZAuditQuerySchema } from "@/server/audit/list-audit-events";
import { getSession, resolveAccountForUser } from "@/server/auth";
import { AppError, toAppError } from "@/server/errors";

const RANGES: Record<string, number> = { "1h": 1, "24h": 24, "7d": 168, "30d": 720 };
const COLUMNS = [
  "createdAt",
  "decision",
  "method",
  "tool",
  "serverSlug",
  "agentName",
  "rule",
  "reason",
  "latencyMs",
  "sessionId",
  "id",
] as const;

export async function GET(
  request: Request,
  route: { params: Promise<{ account: string }> },
): Promise<Response> {
  try {
    const user = await getSession();
    if (!user) throw new AppError("unauthorized", "Sign in first");
    const ctx = await resolveAccountForUser(user, (await route.params).account);
    const search = new URL(request.url).searchParams;
    const hours = RANGES[search.get("range") ?? "24h"] ?? 24;
    const query = ZAuditQuerySchema.parse({
      serverId: search.get("serverId") || undefined,
      agentId: search.get("agentId") || undefined,
      tool: search.get("tool") || undefined,
      decision: search.get("decision") || undefined,
      since: new Date(Date.now() - hours * 3600 * 1000),
      limit: 1000,
    });
    const lines = [COLUMNS.join(",")];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listAuditEvents(ctx, { ...query, ...(cursor ? { cursor } : {}) });
      for (const event of result.events)
        lines.push(COLUMNS.map((column) => csvCell(event[column])).join(","));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return new Response(`${lines.join("\n")}\n`, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="gatehouse-activity-${ctx.accountSlug}.csv"`,
      },
    });
  } catch (error: unknown) {
    return errorResponse(toAppError(error));
  }
}
