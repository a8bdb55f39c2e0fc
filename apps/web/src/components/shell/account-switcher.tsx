import Link from "next/link";
import type { TUserAccount } from "@/server/accounts/list-user-accounts";
import { ROLE_LABEL } from "@/server/context";

/** A disclosure menu (native <details>): keyboard-accessible without script. */
export function AccountSwitcher({ current, accounts }: { current: TUserAccount; accounts: TUserAccount[] }) {
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100">
        <span className="max-w-[40vw] truncate font-semibold text-slate-900 sm:max-w-xs">{current.name}</span>
        <span className="hidden text-slate-500 sm:inline">/{current.slug}</span>
        <span aria-hidden="true" className="text-slate-400 group-open:rotate-180">
          ▾
        </span>
        <span className="sr-only">Switch account</span>
      </summary>
      <div className="absolute left-0 z-20 mt-1 hidden w-64 max-w-[80vw] rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200 group-open:block">
        <p className="px-3 py-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Accounts</p>
        <ul>
          {accounts.map((account) => (
            <li key={account.id}>
              <Link
                href={`/${account.slug}`}
                aria-current={account.id === current.id ? "true" : undefined}
                className="flex items-center justify-between px-3 py-2 text-sm hover:bg-slate-50"
              >
                <span className="truncate font-medium">{account.name}</span>
                <span className="text-xs text-slate-500">{ROLE_LABEL[account.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
        <div className="border-t border-slate-100 pt-1">
          <Link href="/new" className="block px-3 py-2 text-sm font-medium text-brand-700 hover:bg-slate-50">
            + Create account
          </Link>
        </div>
      </div>
    </details>
  );
}
