// The dashboard's mailer, made once from the environment.
import { env } from "@/env";
import { logger } from "../logger";
import { createMailer, type Mailer } from "./mailer";

export const mailer: Mailer = createMailer({
  smtpUrl: env.SMTP_URL,
  from: env.EMAIL_FROM,
  production: !env.devOutbox,
  log: logger,
});

/** True when mails land in the dev outbox (/dev/mail) rather than going out. */
export const usesDevOutbox = env.devOutbox;
