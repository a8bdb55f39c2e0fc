// Shown while a dashboard page loads: the page's frame with placeholders of the same size (no layout shift).
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading…</span>
      <div className="mb-6 h-8 w-48 rounded bg-slate-200" />
      <div className="space-y-3 rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <div className="h-4 w-2/3 rounded bg-slate-100" />
        <div className="h-4 w-1/2 rounded bg-slate-100" />
        <div className="h-4 w-3/5 rounded bg-slate-100" />
      </div>
    </div>
  );
}
