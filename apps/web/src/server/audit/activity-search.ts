// The activity page's URL, read in one place: the page, its live probe and its CSV export take the same filters,
// so what the page lists, what it watches for and what it exports are the same events.
import type { TAuditQuery } from "./list-audit-events";

export const ACTIVITY_RANGES = { "1h": 1, "24h": 24, "7d": 168, "30d": 720 } as const;
export type TActivityRange = keyof typeof ACTIVITY_RANGES;

/** The filters the page's URL may carry (all optional; empty means "any"). */
export const ACTIVITY_FILTERS = ["serverId", "agentId", "tool", "decision", "method"] as const;

export type TActivitySearch = Partial<
  Record<(typeof ACTIVITY_FILTERS)[number] | "range" | "since" | "until" | "cursor" | "page", string>
>;

export interface TActivityWindow {
  since: Date;
  /** Set for a fixed window (a link from a count); open-ended otherwise, and the page is live. */
  until: Date | undefined;
  range: TActivityRange;
}

function validDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function activityWindow(search: TActivitySearch, now = Date.now()): TActivityWindow {
  const range = (search.range && search.range in ACTIVITY_RANGES ? search.range : "24h") as TActivityRange;
  const since = validDate(search.since) ?? new Date(now - ACTIVITY_RANGES[range] * 3600 * 1000);
  return { since, until: validDate(search.until), range };
}

/** The audit query of the page's filters and window (cursor and limit are the caller's). */
export function activityQuery(search: TActivitySearch, window: TActivityWindow): TAuditQuery {
  const query: TAuditQuery = { since: window.since };
  if (window.until) query.until = window.until;
  for (const key of ACTIVITY_FILTERS) {
    const value = search[key]?.trim();
    if (value) query[key] = value as never;
  }
  return query;
}

/** A URLSearchParams of the page's own keys (anything else in the URL is dropped). */
export function activitySearchOf(params: URLSearchParams): TActivitySearch {
  const search: TActivitySearch = {};
  for (const key of [...ACTIVITY_FILTERS, "range", "since", "until", "cursor", "page"] as const) {
    const value = params.get(key);
    if (value) search[key] = value;
  }
  return search;
}
