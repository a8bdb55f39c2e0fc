"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

export function ServerTabs({ base }: { base: string }) {
  // Null only under the Pages Router, which serves the OAuth endpoints alone (pages/api/oauth).
  const pathname = usePathname() ?? "";
  const tabs = [
    { href: base, label: "Tools" },
    { href: `${base}/policy`, label: "Policy" },
    { href: `${base}/settings`, label: "Connect & settings" },
  ];
  return (
    <nav aria-label="Server" className="flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const active = tab.href === base ? pathname === base : pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              active
                ? "border-brand-600 text-slate-900"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
