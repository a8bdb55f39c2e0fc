"use client";
import { useActionState, useState } from "react";
import { Notice } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { createAccountAction, type TCreateAccountState } from "./actions";

function slugify(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function CreateAccountForm({ from }: { from?: string | undefined }) {
  const [state, action] = useActionState<TCreateAccountState, FormData>(createAccountAction, {});
  const [name, setName] = useState(state.values?.name ?? "");
  const [slug, setSlug] = useState(state.values?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(false);
  return (
    <form action={action} className="space-y-4">
      {from ? <input type="hidden" name="from" value={from} /> : null}
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <Input
        label="Account name"
        name="name"
        required
        value={name}
        error={state.fieldErrors?.name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(slugify(event.target.value));
        }}
      />
      <Input
        label="Account address"
        name="slug"
        required
        value={slug}
        error={state.fieldErrors?.slug}
        hint={`Used in URLs: /${slug || "your-team"}`}
        onChange={(event) => {
          setSlugEdited(true);
          setSlug(event.target.value);
        }}
      />
      <SubmitButton className="w-full" pendingLabel="Creating…">
        Create account
      </SubmitButton>
    </form>
  );
}
