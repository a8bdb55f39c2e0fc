import type { ReactNode } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { Logo } from "@/components/brand/logo";
import { AccountSwitcher } from "@/components/shell/account-switcher";
import { MobileMenu } from "@/components/shell/mobile-menu";
import { NavLinks } from "@/components/shell/nav-links";
import { ThemeSwitch } from "@/components/shell/theme-switch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { listUserAccounts } from "@/server/accounts/list-user-accounts";
import { getAccountContext, requireUser } from "@/server/auth";
import { ROLE_LABEL } from "@/server/context";
import { db } from "@/server/db";

export default async function AccountLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ account: string }>;
}) {
  const { account } = await params;
  const user = await requireUser();
  const ctx = await getAccountContext(account);
  const [accounts, pendingApprovals] = await Promise.all([
    listUserAccounts(db, user.id),
    db.approvalRequest.count({ where: { organizationId: ctx.organizationId, status: "pending" } }),
  ]);
  const current = accounts.find((item) => item.id === ctx.organizationId);
  const signOut = (
    <form action={signOutAction}>
      <Button type="submit" variant="ghost" size="sm">
        Sign out
      </Button>
    </form>
  );
  return (
    <div className="min-h-dvh">
      <header className="relative border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-x-3 gap-y-2 px-4 py-3 sm:px-6 md:pb-0">
          <Logo href={`/${ctx.accountSlug}`} compact />
          <span aria-hidden="true" className="text-slate-300">
            /
          </span>
          {current ? <AccountSwitcher current={current} accounts={accounts} /> : null}
          <div className="ml-auto flex items-center gap-3">
            {ctx.role === "viewer" ? <Badge tone="gray">Read-only</Badge> : null}
            <span className="hidden text-sm text-slate-600 lg:inline" title={ROLE_LABEL[ctx.role]}>
              {user.email}
            </span>
            <div className="hidden items-center gap-3 md:flex">
              <ThemeSwitch />
              <a href="/security" className="text-sm text-slate-600 hover:text-slate-900">
                Security
              </a>
              {signOut}
            </div>
            <MobileMenu>
              <NavLinks account={ctx.accountSlug} pendingApprovals={pendingApprovals} orientation="column" />
              <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3">
                <p className="w-full truncate text-sm text-slate-600">{user.email}</p>
                <a href="/security" className="text-sm font-medium text-slate-700 hover:text-slate-900">
                  Security
                </a>
                <ThemeSwitch />
                <div className="ml-auto">{signOut}</div>
              </div>
            </MobileMenu>
          </div>
        </div>
        <div className="mx-auto hidden max-w-7xl px-4 sm:px-6 md:block">
          <NavLinks account={ctx.accountSlug} pendingApprovals={pendingApprovals} />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
