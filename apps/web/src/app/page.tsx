import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/components/brand/logo";
import { LinkButton } from "@/components/ui/button";
import { listUserAccounts } from "@/server/accounts/list-user-accounts";
import { getSession } from "@/server/auth";
import { db } from "@/server/db";

export default async function HomePage() {
  const user = await getSession();
  if (user) {
    const accounts = await listUserAccounts(db, user.id);
    redirect(accounts[0] ? `/${accounts[0].slug}` : "/new");
  }
  return (
    <div className="mx-auto flex min-h-dvh max-w-3xl flex-col justify-center gap-8 px-6 py-16">
      <Logo />
      <h1 className="text-4xl font-semibold tracking-tight">
        Policy between your AI agents and the MCP servers they call.
      </h1>
      <p className="text-lg text-slate-600">
        Register your MCP servers, see every tool risk-classified, build a policy visually, and point your
        agents at a gateway URL. Nothing reaches the server without passing your rules.
      </p>
      <div className="flex flex-wrap gap-3">
        <LinkButton href="/signup">Get started</LinkButton>
        <LinkButton href="/signin" variant="secondary">
          Sign in
        </LinkButton>
        <Link href="/catalog" className="self-center text-sm font-medium text-brand-700 hover:underline">
          Browse the catalogue →
        </Link>
      </div>
    </div>
  );
}
