"use client";
// "Key expires" / "Token expires" in the forms that create a credential: never (the default), in 7, 30 or 90 days,
// or on a date that is its last day. The server's schema judges the result; this field only shows its message.
import { useState } from "react";
import { Input, Select } from "@/components/ui/field";
import {
  EXPIRY_CHOICES,
  expiresAtOfChoice,
  isExpiryChoice,
  type TExpiryChoice,
} from "@/lib/credential-expiry";
import type { TFieldError } from "@/server/errors";

/** What the field calls the credential in its labels: "Key expires", "Last day the token works". */
export type TCredentialNoun = "key" | "token";

export function ExpiryField({ noun, error }: { noun: TCredentialNoun; error?: string | undefined }) {
  // The choice decides whether the date field shows; both stay as they are when the server refuses them.
  const [choice, setChoice] = useState<TExpiryChoice>("never");
  const [date, setDate] = useState("");
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Select
        label={`${noun === "key" ? "Key" : "Token"} expires`}
        name="expiry"
        value={choice}
        onChange={(event) => setChoice(isExpiryChoice(event.target.value) ? event.target.value : "never")}
        error={choice === "custom" ? undefined : error}
      >
        {EXPIRY_CHOICES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      {choice === "custom" ? (
        <Input
          label={`Last day the ${noun} works`}
          type="date"
          name="expiryDate"
          required
          value={date}
          onChange={(event) => setDate(event.target.value)}
          hint="It stops working at the end of this day (UTC)."
          error={error}
        />
      ) : null}
    </div>
  );
}

/** The `expiresAt` a form with an ExpiryField asks for, or undefined for a credential that never expires. */
export function expiresAtOfForm(form: FormData): string | undefined {
  const choice = form.get("expiry");
  return expiresAtOfChoice(isExpiryChoice(choice) ? choice : "never", String(form.get("expiryDate") ?? ""));
}

/** Splits an action's refusal into the message the expiry field shows and the one for the form's notice. */
export function splitExpiryError(error: { message: string; errors?: TFieldError[] | undefined }): {
  expiry: string | undefined;
  form: string | undefined;
} {
  const errors = error.errors ?? [];
  const expiry = errors.find((item) => item.path === "/expiresAt")?.message;
  const other = errors.find((item) => item.path !== "/expiresAt")?.message;
  return { expiry, form: other ?? (expiry ? undefined : error.message) };
}
