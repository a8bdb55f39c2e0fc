// The dev outbox: mails the dashboard sent while no SMTP server is set up, outside production. Nothing here in
// production or with SMTP_URL set (404).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { usesDevOutbox } from "@/server/mail/app-mailer";
import { listDevMail } from "@/server/mail/dev-outbox";

export const metadata: Metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

function withLinks(text: string) {
  return text.split(/(https?:\/\/[^\s]+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
      <a key={index} href={part} className="text-brand-700 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default function DevMailPage() {
  if (!usesDevOutbox) notFound();
  const mails = listDevMail();
  return (
    <main className="mx-auto max-w-3xl space-y-4 px-4 py-10">
      <h1 className="text-xl font-semibold">Dev outbox</h1>
      <p className="text-sm text-slate-600">
        No SMTP server is set up (SMTP_URL), so the mails Gatehouse sends are kept here, newest first, and in
        the log.
      </p>
      {mails.length === 0 ? <p className="text-sm text-slate-600">No mail yet.</p> : null}
      {mails.map((mail) => (
        <article
          key={`${mail.sentAt}-${mail.to}-${mail.subject}`}
          className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
          data-to={mail.to}
          data-kind={mail.kind}
        >
          <p className="text-xs text-slate-500">
            {mail.sentAt} · to <span className="font-medium">{mail.to}</span>
          </p>
          <h2 className="font-medium">{mail.subject}</h2>
          <pre className="mt-2 whitespace-pre-wrap text-sm">{withLinks(mail.text)}</pre>
        </article>
      ))}
    </main>
  );
}
