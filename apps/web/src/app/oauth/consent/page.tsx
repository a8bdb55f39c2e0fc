// The consent page (DESIGN §10): who asks (the client, marked unverified: anyone can name a client anything), for
// which account and server, under which policy; allow (admins and policy managers) or deny. Signed-out visitors
// are sent to sign in (or sign up) and come back here.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { getSession } from "@/server/auth";
import { ROLE_LABEL } from "@/server/context";
import { consentView, type TConsentClient } from "@/server/oauth/consent-request";
import { oauthDeps } from "@/server/oauth/oauth-deps";
import { allowConsentAction, denyConsentAction, switchUserAction } from "./actions";

export const metadata: Metadata = { title: "Allow access" };
export const dynamic = "force-dynamic";

function ClientCard({ client }: { client: TConsentClient }) {
  return (
    <section aria-label="Client" className="rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
      <div className="flex items-center gap-2">
        <span className="font-semibold text-slate-900">{client.name}</span>
        <Badge tone="amber" title="Gatehouse cannot confirm who runs this client">
          Unverified
        </Badge>
      </div>
      <dl className="mt-2 space-y-1 text-sm text-slate-600">
        {client.site ? (
          <div>
            <dt className="inline">Site: </dt>
            <dd className="inline break-all">{client.site}</dd>
          </div>
        ) : null}
        <div>
          <dt className="inline">Sends you back to: </dt>
          <dd className="inline break-all font-medium text-slate-800">{client.redirectTarget}</dd>
        </div>
        <div>
          <dt className="inline">Client ID: </dt>
          <dd className="inline break-all font-mono text-xs">{client.clientId}</dd>
        </div>
      </dl>
    </section>
  );
}

function RequestField({ id }: { id: string }) {
  return <input type="hidden" name="request" value={id} />;
}

export default async function ConsentPage({ searchParams }: { searchParams: Promise<{ request?: string }> }) {
  const { request = "" } = await searchParams;
  const user = await getSession();
  if (!user) redirect(`/signin?next=${encodeURIComponent(`/oauth/consent?request=${request}`)}`);
  const view = await consentView(oauthDeps(), request, user.id);

  if (view.state === "gone") {
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">Sign-in request not found</h1>
        <Notice tone="warning">{view.message}</Notice>
      </>
    );
  }
  const signedInAs = (
    <form action={switchUserAction} className="mt-6 border-t border-slate-200 pt-4 text-sm text-slate-600">
      <RequestField id={request} />
      Signed in as <span className="font-medium text-slate-800">{user.email}</span>.{" "}
      <button type="submit" className="font-medium text-brand-700 hover:underline">
        Use another user
      </button>
    </form>
  );
  if (view.state === "not_member") {
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">{view.client.name} asks for a server you cannot reach</h1>
        <ClientCard client={view.client} />
        <div className="mt-4">
          <Notice tone="error">
            {view.resource} is not a server of any account you belong to. Ask an admin of that account to
            invite you, or sign in as someone who is a member.
          </Notice>
        </div>
        <form action={denyConsentAction} className="mt-4">
          <RequestField id={request} />
          <Button type="submit" variant="secondary" className="w-full">
            Return to {view.client.name}
          </Button>
        </form>
        {signedInAs}
      </>
    );
  }
  const published = view.policies.filter((policy) => policy.version !== null);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">
        Allow {view.client.name} to use {view.server.name}?
      </h1>
      <p className="mb-4 text-sm text-slate-600">
        It will act as you, as an agent of the account{" "}
        <span className="font-medium">{view.account.name}</span>: every call passes the server&apos;s policy
        and is recorded in the activity log.
      </p>
      <ClientCard client={view.client} />
      <form action={allowConsentAction} className="mt-4 space-y-4">
        <RequestField id={request} />
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Account</dt>
          <dd>
            {view.account.name} ({view.account.slug})
          </dd>
          <dt className="text-slate-500">Server</dt>
          <dd>
            {view.server.name} ({view.server.slug})
          </dd>
        </dl>
        {view.policies.length > 1 && view.canAllow ? (
          <Select label="Policy" name="policyId" defaultValue={view.policies[0]?.id}>
            {view.policies.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.name}
                {policy.isDefault ? " (default)" : ""}
                {policy.version === null
                  ? " — not published: every call is denied"
                  : ` — version ${policy.version}`}
              </option>
            ))}
          </Select>
        ) : (
          <p className="text-sm">
            <span className="text-slate-500">Policy: </span>
            {view.policies[0]
              ? `${view.policies[0].name}${view.policies[0].version === null ? " (not published: every call is denied)" : ` (version ${view.policies[0].version})`}`
              : "none published: every call is denied"}
          </p>
        )}
        {published.length === 0 ? (
          <Notice tone="warning">
            No policy of this server is published yet, so every call will be denied.
          </Notice>
        ) : null}
        {view.canAllow ? (
          <div className="flex gap-3">
            <Button type="submit" className="flex-1">
              Allow
            </Button>
            <Button type="submit" variant="secondary" className="flex-1" formAction={denyConsentAction}>
              Deny
            </Button>
          </div>
        ) : (
          <>
            <Notice tone="error">
              Your role in {view.account.name} is {ROLE_LABEL[view.role]}. Only admins and policy managers may
              allow a client to use a server.
            </Notice>
            <Button type="submit" variant="secondary" className="w-full" formAction={denyConsentAction}>
              Deny
            </Button>
          </>
        )}
      </form>
      {signedInAs}
    </>
  );
}
