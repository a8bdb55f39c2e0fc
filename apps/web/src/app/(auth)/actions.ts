"use server";
// Sign-in, sign-up and sign-out actions: thin adapters over next-auth and the user operations.
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/server/auth";
import { db } from "@/server/db";
import { toAppError } from "@/server/errors";
import { signUpUser } from "@/server/users/sign-up-user";

export interface TAuthFormState {
  error?: string;
  fieldErrors?: Record<string, string>;
  email?: string;
}

function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export async function signInAction(_prev: TAuthFormState, form: FormData): Promise<TAuthFormState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      redirectTo: safeNext(form.get("next")),
    });
  } catch (error: unknown) {
    if (error instanceof AuthError) return { error: "Email or password is incorrect.", email };
    throw error;
  }
  return {};
}

export async function signUpAction(_prev: TAuthFormState, form: FormData): Promise<TAuthFormState> {
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  try {
    await signUpUser(db, { email, password, name: String(form.get("name") ?? "") });
  } catch (error: unknown) {
    const appError = toAppError(error);
    const fieldErrors: Record<string, string> = {};
    for (const item of appError.errors ?? []) fieldErrors[item.path.slice(1)] = item.message;
    return { error: appError.errors ? undefined : appError.message, fieldErrors, email };
  }
  const next = safeNext(form.get("next"));
  await signIn("credentials", { email, password, redirectTo: next === "/" ? "/new" : next });
  return {};
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
