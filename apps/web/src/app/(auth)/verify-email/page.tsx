import type { Metadata } from "next";
import { Notice } from "@/components/ui/card";
import { env } from "@/env";
import { db } from "@/server/db";
import { safeNext } from "@/server/security/safe-next";
import { peekEmailToken } from "@/server/users/email-tokens";
import { VerifyEmailForm } from "../link-forms";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; next?: string }>;
}) {
  const { token, next } = await searchParams;
  const valid = typeof token === "string" && (await peekEmailToken(db, "verify", token)) !== null;
  const target = safeNext(next, env.webPublicUrl, "");
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Confirm your email</h1>
      {valid ? (
        <VerifyEmailForm token={token} next={target || undefined} />
      ) : (
        <Notice tone="error">
          This confirmation link is invalid, used or expired. <a href="/signin">Sign in</a> to get a new one.
        </Notice>
      )}
    </>
  );
}
