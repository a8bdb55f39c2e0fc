// Sending mail (nodemailer). With SMTP_URL the mail goes out through that server; without it, outside production,
// it is written to the log and handed to `keep` (the dashboard keeps it for its dev outbox, /dev/mail), so
// `npm start` and `npm test` need nothing else. In production without SMTP_URL a mail is dropped with a warning
// that names only its kind.
import nodemailer from "nodemailer";

export interface TMail {
  to: string;
  subject: string;
  text: string;
  /** What the mail is, for logs that must not carry its links ("password-reset"). */
  kind: string;
}

export interface Mailer {
  send(mail: TMail): Promise<void>;
}

export interface TMailLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export function createMailer(options: {
  smtpUrl?: string;
  from: string;
  /** No dev outbox: without SMTP a mail is dropped (with a warning). */
  production: boolean;
  log: TMailLog;
  /** Outside production without SMTP: where else a mail goes besides the log (the dashboard's dev outbox). */
  keep?: (mail: TMail & { from: string; sentAt: string }) => void;
}): Mailer {
  const { smtpUrl, from, log } = options;
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        log.info({ kind: mail.kind }, "mail sent");
      },
    };
  }
  if (options.production) {
    return {
      async send(mail) {
        log.warn({ kind: mail.kind }, "mail not sent: SMTP_URL is not set");
      },
    };
  }
  // nodemailer builds the message as it would for SMTP, so the dev outbox shows what a recipient would get.
  const transport = nodemailer.createTransport({ jsonTransport: true });
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      options.keep?.({ from, ...mail, sentAt: new Date().toISOString() });
      // Development only (no SMTP, not production): the mail's text, links included, is the point of this line.
      log.info({ kind: mail.kind, to: mail.to, subject: mail.subject, text: mail.text }, "mail (dev outbox)");
    },
  };
}
