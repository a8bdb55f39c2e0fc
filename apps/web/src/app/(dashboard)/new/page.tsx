import type { Metadata } from "next";
import { Logo } from "@/components/brand/logo";
import { listUserAccounts } from "@/server/accounts/list-user-accounts";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { CreateAccountForm } from "./create-account-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function NewAccountPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const { from } = await searchParams;
  const user = await requireUser();
  const accounts = await listUserAccounts(db, user.id);
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo href={accounts[0] ? `/${accounts[0].slug}` : "/"} />
      </div>
      <main className="w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="mb-1 text-xl font-semibold">Create an account</h1>
        <p className="mb-6 text-sm text-slate-600">
          An account holds your servers, policies, agents and audit log. Invite your team to it later.
        </p>
        <CreateAccountForm from={from} />
      </main>
    </div>
  );
}
