"use client";
// Tool calls and refusals over time (recharts: axes, tooltips and a legend; its colours are the theme's variables,
// so the chart follows dark mode). Bars stack: allowed calls below, refused above, together the calls of a bucket.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TChartBucket } from "@/server/audit/audit-chart";

const DAY_MS = 24 * 3600 * 1000;

function tickLabel(iso: string, spanMs: number): string {
  // Times are UTC, as everywhere in the dashboard: HH:MM within a day, the date beyond.
  return spanMs <= DAY_MS ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 13)}h`;
}

interface TRow {
  start: string;
  allowed: number;
  refused: number;
}

function BucketTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: TRow }>;
}) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div
      data-testid="chart-tooltip"
      className="rounded-md bg-white px-3 py-2 text-xs shadow-lg ring-1 ring-slate-200"
    >
      <p className="font-medium text-slate-900">{`${row.start.slice(0, 16).replace("T", " ")} UTC`}</p>
      <p className="text-slate-700">{`${row.allowed + row.refused} calls`}</p>
      <p className="text-red-700">{`${row.refused} refused`}</p>
    </div>
  );
}

export function ActivityChart({ buckets }: { buckets: TChartBucket[] }) {
  const rows: TRow[] = buckets.map((bucket) => ({
    start: bucket.start,
    allowed: bucket.calls - bucket.refused,
    refused: bucket.refused,
  }));
  const total = buckets.reduce((sum, bucket) => sum + bucket.calls, 0);
  const refused = buckets.reduce((sum, bucket) => sum + bucket.refused, 0);
  const first = buckets[0]?.start ?? "";
  const spanMs = buckets.length > 1 ? Date.parse(buckets.at(-1)?.start ?? "") - Date.parse(first) : DAY_MS;
  const axis = { fill: "var(--color-slate-500)", fontSize: 11 };
  return (
    <figure
      aria-label={`Tool calls over time: ${total} calls, ${refused} refused`}
      data-testid="activity-chart"
    >
      <div className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -16 }} barCategoryGap="15%">
            <CartesianGrid vertical={false} stroke="var(--color-slate-200)" />
            <XAxis
              dataKey="start"
              tickFormatter={(value: string) => tickLabel(value, spanMs)}
              tick={axis}
              stroke="var(--color-slate-300)"
              minTickGap={24}
            />
            <YAxis allowDecimals={false} tick={axis} stroke="var(--color-slate-300)" width={48} />
            <Tooltip content={<BucketTooltip />} cursor={{ fill: "var(--color-slate-100)" }} />
            <Legend wrapperStyle={{ fontSize: 12, color: "var(--color-slate-600)" }} />
            <Bar
              dataKey="allowed"
              name={`Allowed (${total - refused})`}
              stackId="calls"
              fill="var(--color-brand-500)"
            />
            <Bar
              dataKey="refused"
              name={`Refused (${refused})`}
              stackId="calls"
              fill="var(--color-red-500)"
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-1 text-right text-xs text-slate-500">Tool calls, UTC</figcaption>
    </figure>
  );
}
