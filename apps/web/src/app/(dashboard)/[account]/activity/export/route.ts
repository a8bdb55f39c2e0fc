// CSV export of the activity log for the signed-in member (same filters as the page, up to 10,000 rows).

import { csvCell } from "@/lib/csv-cell";
import { errorResponse } from "@/server/api";
import { activityQuery, activitySearchOf, activityWindow } from "@/server/audit/activity-search";
import { listAuditEvents, ZAuditQuerySchema } from "@/server/audit/list-audit-events";
import { getSession, resolveAccountForUser } from "@/server/auth";
import { AppError, toAppError } from "@/server/errors";

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
    const search = activitySearchOf(new URL(request.url).searchParams);
    const query = ZAuditQuerySchema.parse({ ...activityQuery(search, activityWindow(search)), limit: 1000 });
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
