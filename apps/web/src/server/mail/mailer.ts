// Sending mail (nodemailer). With SMTP_URL the mail goes out through that server; without it, outside production
// (GATEHOUSE_DEV_OUTBOX, which `npm start` sets there), it is kept in the dev outbox (shown at /dev/mail) and
// written to the log, so `npm start` and `npm test` need nothing else. In production without SMTP_URL a mail is
// dropped with a warning that names only its kind.
import nodemailer from "nodemailer";
import { pushDevMail } from "./dev-outbox";

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
      pushDevMail({ from, ...mail, sentAt: new Date().toISOString() });
      // Development only (no SMTP, not production): the mail's text, links included, is the point of this line.
      log.info({ kind: mail.kind, to: mail.to, subject: mail.subject, text: mail.text }, "mail (dev outbox)");
    },
  };
}
