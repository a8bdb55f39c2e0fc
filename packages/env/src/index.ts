/**
 * The pieces of environment validation that the dashboard (apps/web/src/env-schema.ts), the gateway
 * (apps/gateway/src/env.ts) and the launcher (scripts/lib/launcher-env.ts) share, so that one variable is read the
 * same way by every program that reads it: a flag that one accepts is never refused by another, and a secret long
 * enough for one is long enough for all.
 */
import { parseSecretKey } from "@gatehouse/db/secrets";
import { z } from "zod";

/** A switch: 1/true/yes or 0/false/no; empty or unset is undefined (each program picks its default). */
export const ZFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""], {
    error: "must be 1 or 0 (true/false and yes/no are accepted too)",
  })
  .optional()
  .transform((value) =>
    value === undefined || value === "" ? undefined : ["1", "true", "yes"].includes(value),
  );

export const ZNodeEnv = z.enum(["development", "production", "test"]).default("development");

export const ZPostgresUrl = z
  .string({ error: "is required (postgres://user:password@host:5432/database)" })
  .refine((value) => /^postgres(ql)?:\/\/[^/]/.test(value) && URL.canParse(value), {
    message: "must be a postgres:// or postgresql:// URL, e.g. postgresql://user:pass@host:5432/gatehouse",
  });

export const ZRedisUrl = z
  .string()
  .refine((value) => /^rediss?:\/\/[^/]/.test(value) && URL.canParse(value), {
    message: "must be a redis:// URL",
  });

export const ZRedisKeyPrefix = z.string().min(1).max(100).default("gatehouse:");

export const ZPort = z.coerce.number().int().min(0).max(65535);

export const ZHttpUrl = z.url({ message: "must be an http(s) URL", protocol: /^https?$/ });

/** AUTH_SECRET: signs the dashboard's sessions. */
export const ZAuthSecret = z.string({ error: "is required" }).min(32, "must be at least 32 characters");

/** GATEHOUSE_SECRET_KEY: 32 bytes, as 64 hex characters or base64 (see @gatehouse/db/secrets). */
export const ZSecretKey = z.string({ error: "is required (32 bytes, hex or base64)" }).refine(
  (value) => {
    try {
      parseSecretKey(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be 32 bytes, as 64 hex characters or base64" },
);

/** SMTP_URL: where the dashboard's and the gateway's mails go out. */
export const ZSmtpUrl = z
  .string()
  .regex(/^smtps?:\/\/[^/]/, "must be an smtp:// or smtps:// URL (smtp://user:pass@host:587)");

/** EMAIL_FROM: the From of every mail. */
export const ZEmailFrom = z.string().min(3).default("Gatehouse <no-reply@gatehouse.localhost>");

export const ZLogLevel = z
  .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
  .default("info");

/** One line per problem, each naming its variable. */
export function problemLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
}
