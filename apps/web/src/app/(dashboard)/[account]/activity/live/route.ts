// The activity page's live probe (see live-updates.tsx): the ids and times of the newest events that match the
// page's filters and arrived after `after`, for the signed-in member's account only.
import { errorResponse } from "@/server/api";
import { activityQuery, activitySearchOf, activityWindow } from "@/server/audit/activity-search";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { getSession, resolveAccountForUser } from "@/server/auth";
import { AppError, toAppError } from "@/server/errors";

const PROBE_LIMIT = 100;

export async function GET(
  request: Request,
  route: { params: Promise<{ account: string }> },
): Promise<Response> {
  try {
    const user = await getSession();
    if (!user) throw new AppError("unauthorized", "Sign in first");
    const ctx = await resolveAccountForUser(user, (await route.params).account);
    const params = new URL(request.url).searchParams;
    const search = activitySearchOf(params);
    const window = activityWindow(search);
    const after = new Date(params.get("after") ?? "");
    const since = Number.isNaN(after.getTime()) || after < window.since ? window.since : after;
    const { events } = await listAuditEvents(ctx, {
      ...activityQuery(search, { ...window, since }),
      limit: PROBE_LIMIT,
    });
    return Response.json(
      { events: events.map((event) => ({ id: event.id, createdAt: event.createdAt })) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error: unknown) {
    return errorResponse(toAppError(error));
  }
}
