"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

const items = [
  { href: "", label: "Overview" },
  { href: "/servers", label: "Servers" },
  { href: "/agents", label: "Agents" },
  { href: "/approvals", label: "Approvals" },
  { href: "/activity", label: "Activity" },
  { href: "/settings", label: "Settings" },
];

/** The account's sections: tabs under the header ("row"), or a list in the phone menu ("column"). */
export function NavLinks({
  account,
  pendingApprovals,
  orientation = "row",
}: {
  account: string;
  pendingApprovals: number;
  orientation?: "row" | "column";
}) {
  // Null only under the Pages Router, which serves the OAuth endpoints alone (pages/api/oauth).
  const pathname = usePathname() ?? "";
  const row = orientation === "row";
  return (
    <nav aria-label="Account" className={row ? "-mb-px flex gap-1 overflow-x-auto" : "flex flex-col py-2"}>
      {items.map((item) => {
        const href = `/${account}${item.href}`;
        const active = item.href === "" ? pathname === href : pathname.startsWith(href);
        return (
          <Link
            key={item.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "inline-flex items-center gap-1.5 text-sm font-medium whitespace-nowrap",
              row ? "border-b-2 px-3 py-3" : "rounded-md px-3 py-2.5",
              active && row && "border-brand-600 text-slate-900",
              active && !row && "bg-slate-100 text-slate-900",
              !active && "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
            )}
          >
            {item.label}
            {item.label === "Approvals" && pendingApprovals > 0 ? (
              <span className="rounded-full bg-violet-600 px-1.5 text-xs text-white">{pendingApprovals}</span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
