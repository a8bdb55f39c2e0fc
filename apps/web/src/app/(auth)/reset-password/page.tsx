import type { Metadata } from "next";
import { Notice } from "@/components/ui/card";
import { db } from "@/server/db";
import { peekEmailToken } from "@/server/users/email-tokens";
import { ResetPasswordForm } from "../link-forms";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  const valid = typeof token === "string" && (await peekEmailToken(db, "reset", token)) !== null;
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Choose a new password</h1>
      {valid ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Notice tone="error">
          This reset link is invalid, used or expired. <a href="/forgot-password">Ask for a new one</a>.
        </Notice>
      )}
    </>
  );
}
