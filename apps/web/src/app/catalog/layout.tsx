import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";
import { LinkButton } from "@/components/ui/button";

export default function CatalogLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3 sm:gap-4 sm:px-6">
          <Logo compact />
          <Link href="/catalog" className="text-sm font-medium text-slate-700 hover:text-slate-900">
            Catalogue
          </Link>
          <div className="ml-auto flex gap-2">
            <LinkButton href="/signin" variant="ghost" size="sm">
              Sign in
            </LinkButton>
            <LinkButton href="/signup" size="sm">
              Start free
            </LinkButton>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-10 sm:px-6">{children}</main>
    </div>
  );
}
