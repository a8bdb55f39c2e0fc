"use client";
// Keeps the first page of the activity log live. Why polling and not server-sent events: the gateway writes audit
// events straight to the database in batches, and the embedded database cannot send a notification across
// connections (DESIGN §9), so a stream would itself poll the database on the server. A short poll of a cheap,
// account-scoped probe (live/route.ts) works the same on every deployment and behind any proxy, holds no connection
// per open tab, and costs one indexed query a second. When the probe names an event this page does not show, the
// page re-renders from the server (router.refresh), so the rows, the counts and the chart move together.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

const POLL_MS = 1000;
/**
 * An event is stamped when its request arrived but written when it ended (a slow upstream, a held call): the probe
 * looks back this far behind the newest event shown, so a late one still appears.
 */
const LOOK_BACK_MS = 2 * 60 * 1000;

export interface TShownEvents {
  ids: string[];
  /** createdAt of the newest and oldest rows shown (null: none). */
  newest: string | null;
  oldest: string | null;
  /** The page holds fewer rows than a page can: any new match belongs on it. */
  hasRoom: boolean;
}

export function LiveUpdates({
  probeUrl,
  shown,
  renderedAt,
}: {
  probeUrl: string;
  shown: TShownEvents;
  renderedAt: string;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [status, setStatus] = useState<"live" | "offline">("live");
  const [fresh, setFresh] = useState(0);
  const latest = useRef(shown);
  latest.current = shown;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (stopped) return;
      if (!document.hidden) {
        const now = latest.current;
        const from = Date.parse(now.newest ?? renderedAt) - LOOK_BACK_MS;
        try {
          const response = await fetch(
            `${probeUrl}&after=${encodeURIComponent(new Date(from).toISOString())}`,
            {
              cache: "no-store",
            },
          );
          if (!response.ok) throw new Error(String(response.status));
          const { events } = (await response.json()) as { events: Array<{ id: string; createdAt: string }> };
          const known = new Set(now.ids);
          const unseen = events.filter(
            (event) => !known.has(event.id) && (now.hasRoom || !now.oldest || event.createdAt >= now.oldest),
          );
          setStatus("live");
          if (unseen.length > 0) {
            setFresh(unseen.length);
            startTransition(() => router.refresh());
          }
        } catch {
          setStatus("offline");
        }
      }
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [probeUrl, renderedAt, router]);

  return (
    <p
      className="flex items-center gap-1.5 text-xs text-slate-600"
      data-testid="live-status"
      data-status={status}
    >
      <span
        aria-hidden="true"
        className={
          status === "live"
            ? "size-2 animate-pulse rounded-full bg-emerald-500"
            : "size-2 rounded-full bg-slate-400"
        }
      />
      {status === "live" ? "Live" : "Reconnecting…"}
      <span className="sr-only" aria-live="polite">
        {fresh > 0 ? `${fresh} new ${fresh === 1 ? "event" : "events"}` : ""}
      </span>
    </p>
  );
}
