"use client";
// The header's menu button below the md breakpoint: on a phone the section tabs and the account actions
// (security, theme, sign out) fold into one panel, so nothing needs a sideways scroll to be reached.
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";

export function MobileMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // A link followed inside the panel lands on a new page: the panel closes with it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation, pathname is the trigger
  useEffect(() => setOpen(false), [pathname]);
  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="mobile-menu"
        onClick={() => setOpen((value) => !value)}
        className="inline-flex h-9 items-center gap-2 rounded-md px-3 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
      >
        <span aria-hidden="true">{open ? "✕" : "☰"}</span>
        Menu
      </button>
      {open ? (
        <div
          id="mobile-menu"
          className="absolute inset-x-0 top-full z-30 border-b border-slate-200 bg-white px-4 pb-4 shadow-lg"
        >
          {children}
        </div>
      ) : null}
    </div>
  );
}
