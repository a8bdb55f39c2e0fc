import Link from "next/link";

export function Logo({ href = "/", compact = false }: { href?: string; compact?: boolean }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 rounded-md font-semibold text-slate-900">
      <span
        aria-hidden="true"
        className="grid size-7 place-items-center rounded-md bg-brand-600 text-sm text-white"
      >
        G
      </span>
      <span className={compact ? "sr-only sm:not-sr-only" : undefined}>Gatehouse</span>
    </Link>
  );
}
