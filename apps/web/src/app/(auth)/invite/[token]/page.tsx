import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LinkButton } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { getSession } from "@/server/auth";
import { ROLE_LABEL } from "@/server/context";
import { db } from "@/server/db";
import { acceptInvitation, describeInvitation } from "@/server/members/invitations";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await describeInvitation(db, token);
  if (!invitation) {
    return (
      <Notice tone="error">
        This invitation link is invalid, already used or expired. Ask for a new one.
      </Notice>
    );
  }
  const user = await getSession();
  const next = `/invite/${token}`;
  async function accept() {
    "use server";
    const current = await getSession();
    if (!current) redirect(`/signin?next=${encodeURIComponent(next)}`);
    const { slug } = await acceptInvitation(db, current.id, token);
    redirect(`/${slug}`);
  }
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Join {invitation.accountName}</h1>
      <p className="text-sm text-slate-600">
        You are invited as <strong>{ROLE_LABEL[invitation.role]}</strong> ({invitation.email}).
      </p>
      {user && user.email.toLowerCase() !== invitation.email.toLowerCase() ? (
        <Notice tone="warning">
          You are signed in as {user.email}. This invitation is for {invitation.email}: sign out, then sign in
          or sign up with that email to accept it.
        </Notice>
      ) : user ? (
        <form action={accept}>
          <SubmitButton className="w-full">Accept invitation</SubmitButton>
        </form>
      ) : (
        <div className="flex gap-2">
          <LinkButton href={`/signup?next=${encodeURIComponent(next)}`}>Sign up</LinkButton>
          <LinkButton variant="secondary" href={`/signin?next=${encodeURIComponent(next)}`}>
            Sign in
          </LinkButton>
        </div>
      )}
    </div>
  );
}
