// "Protect this server" from a catalogue page lands here, after sign-in or sign-up when needed (the proxy sends a
// signed-out visitor to /signin with a way back). It goes on to registering the server, prefilled from its
// catalogue entry, in the account where the user may register servers; a new user creates an account first.
// Registering from the entry stores its recommended policy as the server's draft (register-server.ts).
import { getCatalogEntry } from "@gatehouse/catalog";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Logo } from "@/components/brand/logo";
import { listUserAccounts } from "@/server/accounts/list-user-accounts";
import { getSession } from "@/server/auth";
import { hasRole } from "@/server/context";
import { db } from "@/server/db";

export const metadata: Metadata = { title: "Protect a server" };

export default async function ProtectServerPage({ params }: { params: Promise<{ server: string }> }) {
  const { server } = await params;
  const entry = getCatalogEntry(server);
  if (!entry) notFound();
  const user = await getSession();
  if (!user) redirect(`/signin?next=${encodeURIComponent(`/protect/${entry.slug}`)}`);
  const accounts = (await listUserAccounts(db, user.id)).filter((account) =>
    hasRole(account.role, "policy_manager"),
  );
  if (accounts.length === 0) redirect(`/new?from=${entry.slug}`);
  const [only] = accounts;
  if (only && accounts.length === 1) redirect(`/${only.slug}/servers/new?from=${entry.slug}`);
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <main className="w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="mb-1 text-xl font-semibold">Protect {entry.name}</h1>
        <p className="mb-6 text-sm text-slate-600">
          Which account should it be registered in? It starts with the recommended policy as a draft.
        </p>
        <ul className="space-y-2">
          {accounts.map((account) => (
            <li key={account.id}>
              <Link
                href={`/${account.slug}/servers/new?from=${entry.slug}`}
                className="block rounded-md px-3 py-2 text-sm font-medium ring-1 ring-slate-200 hover:bg-slate-50"
              >
                {account.name} <span className="text-xs font-normal text-slate-500">/{account.slug}</span>
              </Link>
            </li>
          ))}
        </ul>
        <Link href={`/new?from=${entry.slug}`} className="mt-4 block text-sm text-brand-700 hover:underline">
          Or create a new account
        </Link>
      </main>
    </div>
  );
}
