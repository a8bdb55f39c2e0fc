"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Notice } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInAction, signUpAction, type TAuthFormState } from "./actions";

export function DevOutboxHint({ show }: { show?: boolean }) {
  if (!show) return null;
  return (
    <p className="text-sm text-slate-600">
      No SMTP server is set up, so mails are kept on the{" "}
      <a className="font-medium text-brand-700 hover:underline" href="/dev/mail">
        dev outbox page
      </a>
      .
    </p>
  );
}

export function AuthForm({
  mode,
  next,
  defaultEmail,
  notice,
  ticket,
}: {
  mode: "signin" | "signup";
  next?: string;
  defaultEmail?: string;
  notice?: string;
  /** GitHub/Google sign-in of a user with two-factor on: the first factor passed, the code is asked for. */
  ticket?: string;
}) {
  const [state, action] = useActionState<TAuthFormState, FormData>(
    mode === "signin" ? signInAction : signUpAction,
    ticket ? { step: "code", ticket } : {},
  );
  const query = next ? `?next=${encodeURIComponent(next)}` : "";
  if (state.sent) {
    return (
      <div className="space-y-3">
        <Notice tone="success">Check your email: we sent a link to {state.sent} to finish signing up.</Notice>
        <DevOutboxHint show={state.devOutbox} />
      </div>
    );
  }
  if (state.step === "code") {
    return (
      <form action={action} className="space-y-4" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <input type="hidden" name="ticket" value={state.ticket ?? ""} />
        {state.error ? <Notice tone="error">{state.error}</Notice> : null}
        <Input
          label="Authentication code"
          name="code"
          autoComplete="one-time-code"
          inputMode="text"
          required
          autoFocus
          hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        />
        <SubmitButton className="w-full" pendingLabel="Checking…">
          Verify
        </SubmitButton>
      </form>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {notice && !state.error ? <Notice tone="success">{notice}</Notice> : null}
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <DevOutboxHint show={state.devOutbox} />
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
        hint={mode === "signup" ? "At least 10 characters, and not easy to guess." : undefined}
        error={state.fieldErrors?.password}
      />
      <SubmitButton className="w-full" pendingLabel={mode === "signin" ? "Signing in…" : "Creating…"}>
        {mode === "signin" ? "Sign in" : "Create user"}
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        {mode === "signin" ? (
          <>
            <Link className="font-medium text-brand-700 hover:underline" href="/forgot-password">
              Forgot your password?
            </Link>{" "}
            · New to Gatehouse?{" "}
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
