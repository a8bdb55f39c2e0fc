// The dashboard's mailer, made once from the environment; without SMTP outside production its mails are kept in
// the dev outbox (/dev/mail).
import { createMailer, type Mailer } from "@gatehouse/mail";
import { env } from "@/env";
import { logger } from "../logger";
import { pushDevMail } from "./dev-outbox";

export const mailer: Mailer = createMailer({
  smtpUrl: env.SMTP_URL,
  from: env.EMAIL_FROM,
  production: !env.devOutbox,
  log: logger,
  keep: pushDevMail,
});

/** True when mails land in the dev outbox (/dev/mail) rather than going out. */
export const usesDevOutbox = env.devOutbox;
