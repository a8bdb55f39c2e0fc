import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { env } from "@/env";
import { getSession, oauthProviders, signIn } from "@/server/auth";
import { safeNext } from "@/server/security/safe-next";
import { AuthForm } from "../auth-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; callbackUrl?: string; reset?: string; ticket?: string }>;
}) {
  const query = await searchParams;
  // `callbackUrl` is next-auth's name for it, which other pages (the OAuth consent page) send.
  const target = safeNext(query.next ?? query.callbackUrl, env.webPublicUrl, "");
  const next = target || undefined;
  if (await getSession()) redirect(target || "/");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in to Gatehouse</h1>
      <p className="mb-6 text-sm text-slate-600">Govern what your agents may call.</p>
      <AuthForm
        mode="signin"
        next={next}
        notice={query.reset ? "Your password is changed. Sign in with the new one." : undefined}
        ticket={typeof query.ticket === "string" ? query.ticket.slice(0, 1000) : undefined}
      />
      {oauthProviders.length > 0 ? (
        <div className="mt-6 space-y-2 border-t border-slate-200 pt-6">
          {oauthProviders.map((provider) => (
            <form
              key={provider.id}
              action={async () => {
                "use server";
                await signIn(provider.id, { redirectTo: next ?? "/" });
              }}
            >
              <Button type="submit" variant="secondary" className="w-full">
                Continue with {provider.name}
              </Button>
            </form>
          ))}
        </div>
      ) : null}
    </>
  );
}
