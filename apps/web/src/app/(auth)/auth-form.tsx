"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Notice } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInAction, signUpAction, type TAuthFormState } from "./actions";

export function AuthForm({
  mode,
  next,
  defaultEmail,
}: {
  mode: "signin" | "signup";
  next?: string;
  defaultEmail?: string;
}) {
  const [state, action] = useActionState<TAuthFormState, FormData>(
    mode === "signin" ? signInAction : signUpAction,
    {},
  );
  const query = next ? `?next=${encodeURIComponent(next)}` : "";
  return (
    <form action={action} className="space-y-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      {mode === "signup" ? <Input label="Name" name="name" autoComplete="name" /> : null}
      <Input
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email ?? defaultEmail}
        error={state.fieldErrors?.email}
      />
      <Input
        label="Password"
        name="password"
        type="password"
        autoComplete={mode === "signin" ? "current-password" : "new-password"}
        required
        hint={mode === "signup" ? "At least 10 characters." : undefined}
        error={state.fieldErrors?.password}
      />
      <SubmitButton className="w-full" pendingLabel={mode === "signin" ? "Signing in…" : "Creating…"}>
        {mode === "signin" ? "Sign in" : "Create user"}
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        {mode === "signin" ? (
          <>
            New to Gatehouse?{" "}
            <Link className="font-medium text-brand-700 hover:underline" href={`/signup${query}`}>
              Sign up
            </Link>
          </>
        ) : (
          <>
            Already have a user?{" "}
            <Link className="font-medium text-brand-700 hover:underline" href={`/signin${query}`}>
              Sign in
            </Link>
          </>
        )}
      </p>
    </form>
  );
}
