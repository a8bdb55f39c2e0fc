"use client";
// The forms of the security page: change password, switch two-factor sign-in on or off, end sessions.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, LinkButton } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/field";
import {
  changePasswordAction,
  confirmTwoFactorAction,
  disableTwoFactorAction,
  endOtherSessionsAction,
  endSessionAction,
  startTwoFactorAction,
} from "./actions";

type TMessage = { tone: "success" | "error"; text: string } | null;
type TResult = { ok: true } | { ok: false; error: { message: string; errors?: { message: string }[] } };
const messageOf = (result: TResult, success: string): TMessage =>
  result.ok
    ? { tone: "success", text: success }
    : { tone: "error", text: result.error.errors?.[0]?.message ?? result.error.message };

export function PasswordForm() {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<TMessage>(null);
  return (
    <form
      className="space-y-4"
      action={(form) =>
        startTransition(async () => {
          const result = await changePasswordAction(
            String(form.get("current") ?? ""),
            String(form.get("next") ?? ""),
          );
          setMessage(messageOf(result, "Password changed. Your other sessions are signed out."));
        })
      }
    >
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Input label="Current password" name="current" type="password" autoComplete="current-password" />
        <Input label="New password" name="next" type="password" autoComplete="new-password" />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Change password
      </Button>
    </form>
  );
}

export function TwoFactorPanel({ enabled, continueTo }: { enabled: boolean; continueTo?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<TMessage>(null);
  const [setup, setSetup] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) {
    return (
      <div className="space-y-3">
        <Notice tone="success">
          Two-factor sign-in is on. Keep these recovery codes somewhere safe: each works once.
        </Notice>
        <CodeBlock value={codes.join("\n")} label="Recovery codes" />
        {continueTo ? <LinkButton href={continueTo}>Continue to the account</LinkButton> : null}
      </div>
    );
  }
  if (enabled) {
    return (
      <form
        className="space-y-3"
        action={(form) =>
          startTransition(async () => {
            const result = await disableTwoFactorAction(String(form.get("code") ?? ""));
            setMessage(messageOf(result, "Two-factor sign-in is off."));
            if (result.ok) router.refresh();
          })
        }
      >
        <p className="text-sm text-slate-700">Two-factor sign-in is on.</p>
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
        <Input
          label="Code to switch it off"
          name="code"
          autoComplete="one-time-code"
          hint="A current code or a recovery code."
        />
        <Button type="submit" variant="secondary" disabled={pending}>
          Switch off
        </Button>
      </form>
    );
  }
  if (!setup) {
    return (
      <div className="space-y-3">
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
        <Button
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await startTwoFactorAction();
              if (result.ok) setSetup(result.data);
              else setMessage(messageOf(result, ""));
            })
          }
        >
          Set up two-factor sign-in
        </Button>
      </div>
    );
  }
  return (
    <form
      className="space-y-4"
      action={(form) =>
        startTransition(async () => {
          const result = await confirmTwoFactorAction(String(form.get("code") ?? ""));
          if (result.ok) setCodes(result.data.recoveryCodes);
          else setMessage(messageOf(result, ""));
        })
      }
    >
      <p className="text-sm text-slate-700">
        Scan this with your authenticator app, or enter the key by hand.
      </p>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is made on our server by qrcode from our own URI */}
      <div className="size-48" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
      <CodeBlock value={setup.secret} label="Setup key" />
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <Input label="Code from the app" name="code" autoComplete="one-time-code" inputMode="numeric" />
      <Button type="submit" disabled={pending}>
        Switch on
      </Button>
    </form>
  );
}

interface TSessionRow {
  handle: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
}

export function SessionList({ sessions }: { sessions: TSessionRow[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<TResult>) =>
    startTransition(async () => {
      await action();
      router.refresh();
    });
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-200">
        {sessions.map((session) => (
          <li
            key={session.handle}
            className="flex items-center justify-between gap-3 py-2 text-sm"
            data-session={session.handle}
          >
            <span className="min-w-0">
              <span className="block truncate font-medium">{session.userAgent ?? "Unknown browser"}</span>
              <span className="block text-xs text-slate-500">
                {session.ip ?? "unknown address"} · signed in {new Date(session.createdAt).toLocaleString()} ·
                last seen {new Date(session.lastSeenAt).toLocaleString()}
              </span>
            </span>
            {session.current ? (
              <span className="text-xs text-slate-500">This session</span>
            ) : (
              <Button
                size="sm"
                variant="secondary"
                disabled={pending}
                onClick={() => run(() => endSessionAction(session.handle))}
              >
                End
              </Button>
            )}
          </li>
        ))}
      </ul>
      {sessions.some((session) => !session.current) ? (
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(endOtherSessionsAction)}>
          End all other sessions
        </Button>
      ) : null}
    </div>
  );
}
