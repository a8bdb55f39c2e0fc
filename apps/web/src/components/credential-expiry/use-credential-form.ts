"use client";
// The submission shared by the forms that create a credential (an agent with its first key, a key, an API token):
// it sends the form with the expiry the user chose and splits a refusal between the expiry field and the form.
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import type { TActionResult } from "@/server/auth";
import { expiresAtOfForm, splitExpiryError } from "./expiry-field";

export function useCredentialForm<T>(
  send: (form: FormData, expiry: { expiresAt?: string }) => Promise<TActionResult<T>>,
  onCreated: (data: T) => void,
) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [expiryError, setExpiryError] = useState<string | undefined>();

  function clearErrors() {
    setError(null);
    setExpiryError(undefined);
  }

  // onSubmit rather than a form action: React resets a form after its action, which would undo the choices
  // the user has to correct when the server refuses them.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    clearErrors();
    const expiresAt = expiresAtOfForm(form);
    startTransition(async () => {
      const result = await send(form, expiresAt === undefined ? {} : { expiresAt });
      if (!result.ok) {
        const refusal = splitExpiryError(result.error);
        setExpiryError(refusal.expiry);
        setError(refusal.form ?? null);
        return;
      }
      onCreated(result.data);
      router.refresh();
    });
  }

  return { pending, error, expiryError, submit, clearErrors };
}
