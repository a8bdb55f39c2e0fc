"use client";
// A time as "3 min ago", kept current while the page is open, with the exact time (UTC) on hover.
import { useEffect, useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";

export function RelativeTime({ iso }: { iso: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  // The server's "now" and the browser's differ by the page's travel time: the text may change on hydration.
  return (
    <time dateTime={iso} title={formatDateTime(iso)} suppressHydrationWarning>
      {formatRelative(iso, now)}
    </time>
  );
}
