import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/server/auth";
import { AuthForm } from "../auth-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await getSession()) redirect("/new");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your Gatehouse user</h1>
      <p className="mb-6 text-sm text-slate-600">
        Free to start. Put policy between your agents and their tools.
      </p>
      <AuthForm mode="signup" next={next} />
    </>
  );
}
