import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/server/auth";
import { db } from "@/server/db";
import { describeInvitation } from "@/server/members/invitations";
import { AuthForm } from "../auth-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await getSession()) redirect("/new");
  // Arriving from an invitation link: the invited address is the one that can accept it, so it is filled in.
  const inviteToken = /^\/invite\/([A-Za-z0-9_-]{1,200})$/.exec(next ?? "")?.[1];
  const invitation = inviteToken ? await describeInvitation(db, inviteToken) : null;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your Gatehouse user</h1>
      <p className="mb-6 text-sm text-slate-600">
        Free to start. Put policy between your agents and their tools.
      </p>
      <AuthForm mode="signup" next={next} defaultEmail={invitation?.email} />
    </>
  );
}
