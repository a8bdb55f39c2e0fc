// The signed-in user's security page: password, two-factor sign-in and recovery codes, and their sessions.
import type { Metadata } from "next";
import { Logo } from "@/components/brand/logo";
import { Card, CardBody, CardHeader, Notice } from "@/components/ui/card";
import { currentSessionId, requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { listUserSessions } from "@/server/sessions/dashboard-sessions";
import { PasswordForm, SessionList, TwoFactorPanel } from "./security-forms";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({
  searchParams,
}: {
  searchParams: Promise<{ required?: string }>;
}) {
  const { required } = await searchParams;
  const user = await requireUser();
  const sessions = await listUserSessions(db, user.id, await currentSessionId());
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <div className="flex items-center justify-between">
        <Logo href="/" />
        <span className="text-sm text-slate-600">{user.email}</span>
      </div>
      <h1 className="text-xl font-semibold">Security</h1>
      {typeof required === "string" && !user.twoFactor ? (
        <Notice tone="warning">
          The account “{required}” requires two-factor sign-in. Switch it on below, then open the account
          again.
        </Notice>
      ) : null}
      <Card>
        <CardHeader
          title="Two-factor sign-in"
          description="A code from an authenticator app at every sign-in, with single-use recovery codes."
        />
        <CardBody>
          <TwoFactorPanel
            enabled={user.twoFactor}
            continueTo={typeof required === "string" ? `/${required}` : undefined}
          />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Password" description="Changing it signs out every other session." />
        <CardBody>
          <PasswordForm />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Sessions" description="Where your user is signed in to the dashboard." />
        <CardBody>
          <SessionList
            sessions={sessions.map((session) => ({
              ...session,
              createdAt: session.createdAt.toISOString(),
              lastSeenAt: session.lastSeenAt.toISOString(),
            }))}
          />
        </CardBody>
      </Card>
    </div>
  );
}
