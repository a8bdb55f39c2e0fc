"use server";
import { redirect } from "next/navigation";
import { createAccount } from "@/server/accounts/create-account";
import { getSession } from "@/server/auth";
import { db } from "@/server/db";
import { toAppError } from "@/server/errors";

export interface TCreateAccountState {
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: { name: string; slug: string };
}

export async function createAccountAction(
  _prev: TCreateAccountState,
  form: FormData,
): Promise<TCreateAccountState> {
  const user = await getSession();
  if (!user) redirect("/signin");
  const values = { name: String(form.get("name") ?? ""), slug: String(form.get("slug") ?? "") };
  let slug: string;
  try {
    slug = (await createAccount(db, user.id, values)).slug;
  } catch (error: unknown) {
    const appError = toAppError(error);
    const fieldErrors: Record<string, string> = {};
    for (const item of appError.errors ?? []) fieldErrors[item.path.slice(1)] = item.message;
    return { error: appError.errors ? undefined : appError.message, fieldErrors, values };
  }
  const from = String(form.get("from") ?? "");
  redirect(/^[a-z0-9-]{1,100}$/.test(from) ? `/${slug}/servers/new?from=${from}` : `/${slug}`);
}
