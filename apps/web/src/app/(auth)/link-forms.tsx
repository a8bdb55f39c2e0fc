"use client";
// The small forms behind mailed links: forgot password, reset password, confirm email.
import { useActionState } from "react";
import { Notice } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { forgotPasswordAction, resetPasswordAction, type TAuthFormState, verifyEmailAction } from "./actions";
import { DevOutboxHint } from "./auth-form";

export function ForgotPasswordForm() {
  const [state, action] = useActionState<TAuthFormState, FormData>(forgotPasswordAction, {});
  if (state.sent !== undefined) {
    return (
      <div className="space-y-3">
        <Notice tone="success">
          If {state.sent || "that email"} has a Gatehouse user, a link to choose a new password is on its way.
          It works once, within 30 minutes.
        </Notice>
        <DevOutboxHint show={state.devOutbox} />
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <Input
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email}
      />
      <SubmitButton className="w-full" pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState<TAuthFormState, FormData>(resetPasswordAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <Input
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters, and not easy to guess."
        error={state.fieldErrors?.password}
      />
      <SubmitButton className="w-full" pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}

export function VerifyEmailForm({ token, next }: { token: string; next?: string }) {
  const [state, action] = useActionState<TAuthFormState, FormData>(verifyEmailAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <SubmitButton className="w-full" pendingLabel="Confirming…">
        Confirm my email
      </SubmitButton>
    </form>
  );
}
