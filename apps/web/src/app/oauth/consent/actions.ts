"use server";
// The consent page's answers: thin adapters over decideConsent, which returns where the browser goes next (the
// client's redirect URI with a code or an error, always with `iss`).
import { redirect } from "next/navigation";
import { getSession, signOut } from "@/server/auth";
import { decideConsent } from "@/server/oauth/decide-consent";
import { oauthDeps } from "@/server/oauth/oauth-deps";

function requestOf(form: FormData): string {
  const value = form.get("request");
  return typeof value === "string" ? value : "";
}

async function answer(form: FormData, allow: boolean): Promise<never> {
  const requestId = requestOf(form);
  const user = await getSession();
  if (!user) redirect(`/signin?next=${encodeURIComponent(`/oauth/consent?request=${requestId}`)}`);
  const policy = form.get("policyId");
  const location = await decideConsent(
    oauthDeps(),
    user,
    requestId,
    allow ? { allow: true, policyId: typeof policy === "string" ? policy : undefined } : { allow: false },
  );
  redirect(location);
}

export async function allowConsentAction(form: FormData): Promise<void> {
  await answer(form, true);
}

export async function denyConsentAction(form: FormData): Promise<void> {
  await answer(form, false);
}

/** Signs out and comes back to the same consent request, to sign in as someone else. */
export async function switchUserAction(form: FormData): Promise<void> {
  const next = `/oauth/consent?request=${requestOf(form)}`;
  await signOut({ redirectTo: `/signin?next=${encodeURIComponent(next)}` });
}
