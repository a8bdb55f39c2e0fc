// Calls and refusals over time as an SVG bar chart (no client script, no layout shift: fixed aspect ratio).
import type { TChartBucket } from "@/server/audit/audit-chart";

export function ActivityChart({ buckets }: { buckets: TChartBucket[] }) {
  const max = Math.max(1, ...buckets.map((bucket) => bucket.calls));
  const width = 100 / Math.max(1, buckets.length);
  const total = buckets.reduce((sum, bucket) => sum + bucket.calls, 0);
  const refused = buckets.reduce((sum, bucket) => sum + bucket.refused, 0);
  return (
    <figure>
      <svg
        viewBox="0 0 100 30"
        preserveAspectRatio="none"
        className="h-32 w-full"
        role="img"
        aria-label={`${total} calls, ${refused} refused, in the last 24 hours`}
      >
        {buckets.map((bucket, index) => {
          const callHeight = (bucket.calls / max) * 28;
          const refusedHeight = (bucket.refused / max) * 28;
          return (
            <g key={bucket.start}>
              <title>{`${bucket.start.slice(11, 16)} UTC: ${bucket.calls} calls, ${bucket.refused} refused`}</title>
              <rect
                x={index * width + width * 0.15}
                y={30 - callHeight}
                width={width * 0.7}
                height={callHeight}
                className="fill-brand-500/70"
              />
              <rect
                x={index * width + width * 0.15}
                y={30 - refusedHeight}
                width={width * 0.7}
                height={refusedHeight}
                className="fill-red-500"
              />
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex gap-4 text-xs text-slate-600">
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-brand-500/70" /> Calls ({total})
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-red-500" /> Refused ({refused})
        </span>
        <span className="ml-auto">Last 24 hours, UTC</span>
      </figcaption>
    </figure>
  );
}
