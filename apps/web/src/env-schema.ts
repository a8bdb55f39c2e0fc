// The web app's environment schema and its parser, without side effects: env.ts applies it when server code loads,
// and instrumentation.ts applies it once when the server starts, so a bad value stops `next start` at once.
import {
  problemLines,
  ZAuthSecret,
  ZEmailFrom,
  ZFlag,
  ZLogLevel,
  ZNodeEnv,
  ZPort,
  ZPostgresUrl,
  ZRedisKeyPrefix,
  ZRedisUrl,
  ZSecretKey,
  ZSmtpUrl,
} from "@gatehouse/env";
import { z } from "zod";

const ZEnvSchema = z.object({
  NODE_ENV: ZNodeEnv,
  DATABASE_URL: ZPostgresUrl,
  AUTH_SECRET: ZAuthSecret,
  GATEHOUSE_SECRET_KEY: ZSecretKey,
  GATEWAY_PUBLIC_URL: z.string().url("must be an http(s) URL").default("http://localhost:8080"),
  WEB_PUBLIC_URL: z
    .string()
    .url("must be an http(s) URL")
    .refine(
      (value) => /^https?:\/\/[^/]+\/?$/.test(value),
      "must be an origin without a path (it is the OAuth issuer)",
    )
    .optional(),
  PORT: ZPort.default(3000),
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: ZFlag,
  GATEHOUSE_ALLOW_STDIO: ZFlag,
  GATEHOUSE_DEV_OUTBOX: ZFlag,
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  REDIS_URL: ZRedisUrl.optional(),
  REDIS_KEY_PREFIX: ZRedisKeyPrefix,
  SMTP_URL: ZSmtpUrl.optional(),
  EMAIL_FROM: ZEmailFrom,
  LOG_LEVEL: ZLogLevel,
});

export type TEnv = z.infer<typeof ZEnvSchema> & {
  allowPrivateUpstreams: boolean;
  allowStdio: boolean;
  /** Without SMTP_URL, keep mails in the dev outbox (/dev/mail) and the log rather than dropping them. */
  devOutbox: boolean;
  gatewayPublicUrl: string;
  /** The dashboard's public origin (WEB_PUBLIC_URL, default http://localhost:$PORT), without a trailing slash. */
  webPublicUrl: string;
};

/** Parses an environment; every problem is one line naming the variable. */
export function parseWebEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: TEnv } | { ok: false; problems: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = ZEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    return { ok: false, problems: problemLines(parsed.error) };
  }
  const value = parsed.data;
  return {
    ok: true,
    env: {
      ...value,
      allowPrivateUpstreams: value.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS ?? value.NODE_ENV !== "production",
      allowStdio: value.GATEHOUSE_ALLOW_STDIO ?? false,
      devOutbox: !value.SMTP_URL && (value.GATEHOUSE_DEV_OUTBOX ?? value.NODE_ENV !== "production"),
      gatewayPublicUrl: value.GATEWAY_PUBLIC_URL.replace(/\/+$/, ""),
      webPublicUrl: (value.WEB_PUBLIC_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ""),
    },
  };
}
