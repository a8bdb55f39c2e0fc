/**
 * The gateway's environment, validated once at start-up (STYLE rule 1). Nothing else reads `process.env`:
 * `loadEnv` turns it into a `GatewayConfig` that `createGateway` takes, so tests build one directly.
 */
import os from "node:os";
import path from "node:path";
import { parseSecretKey } from "@gatehouse/db/secrets";
import {
  problemLines,
  ZEmailFrom,
  ZFlag,
  ZHttpUrl,
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
import type { GatewayConfig } from "./config/gateway-config.js";
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_STDIO_MAX_BODY_BYTES } from "./http/respond.js";

/** A request body limit in bytes: from 64 KB (an initialize with room to spare) to 1 GB. */
const ZBodyBytes = z.coerce
  .number()
  .int()
  .min(65_536)
  .max(1024 * 1024 * 1024);

const ZEnvSchema = z.object({
  NODE_ENV: ZNodeEnv,
  DATABASE_URL: ZPostgresUrl,
  GATEHOUSE_SECRET_KEY: ZSecretKey,
  GATEWAY_PORT: ZPort.default(8080),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  GATEWAY_PUBLIC_URL: ZHttpUrl.optional(),
  /** The dashboard's public URL: where a call without its upstream connection is told to connect. */
  WEB_PUBLIC_URL: ZHttpUrl.optional(),
  /** Where the gateway itself reaches the dashboard (its OAuth fallbacks forward there); WEB_PUBLIC_URL by default. */
  GATEWAY_WEB_URL: ZHttpUrl.optional(),
  /** The dashboard's port, for WEB_PUBLIC_URL's default. */
  PORT: ZPort.default(3000),
  GATEWAY_ALLOWED_HOSTS: z.string().optional(),
  /** Browser origins (scheme://host[:port]) allowed besides the allowed hosts' own, comma-separated; "*": any. */
  GATEWAY_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((origin) => origin.trim().toLowerCase().replace(/\/+$/, ""))
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.literal("*"), z.url({ protocol: /^https?$/ })]))),
  GATEWAY_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  GATEWAY_ACCOUNT_WAIT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  GATEWAY_MAX_BODY_BYTES: ZBodyBytes.default(DEFAULT_MAX_BODY_BYTES),
  GATEWAY_STDIO_MAX_BODY_BYTES: ZBodyBytes.default(DEFAULT_STDIO_MAX_BODY_BYTES),
  GATEWAY_CONFIG_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(250),
  GATEWAY_APPROVAL_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(400),
  GATEWAY_AUDIT_SPOOL_DIR: z.string().optional(),
  GATEWAY_METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  GATEWAY_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  GATEWAY_MAX_SESSIONS_PER_AGENT: z.coerce.number().int().min(1).max(1_000_000).default(100),
  GATEHOUSE_ALLOW_STDIO: ZFlag,
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: ZFlag,
  REDIS_URL: ZRedisUrl.optional(),
  REDIS_KEY_PREFIX: ZRedisKeyPrefix,
  /** Approval mails go out through it; without it they are written to the log (outside production). */
  SMTP_URL: ZSmtpUrl.optional().or(z.literal("").transform(() => undefined)),
  EMAIL_FROM: ZEmailFrom,
  LOG_LEVEL: ZLogLevel,
});

/** Parses the environment; on problems returns one line per problem. */
export function parseEnv(
  source: NodeJS.ProcessEnv,
): { ok: true; config: GatewayConfig } | { ok: false; problems: string[] } {
  const parsed = ZEnvSchema.safeParse(source);
  if (!parsed.success) {
    return { ok: false, problems: problemLines(parsed.error) };
  }
  const env = parsed.data;
  let secretKey: Buffer;
  try {
    secretKey = parseSecretKey(env.GATEHOUSE_SECRET_KEY);
  } catch (error: unknown) {
    return {
      ok: false,
      problems: [error instanceof Error ? error.message : "GATEHOUSE_SECRET_KEY is invalid"],
    };
  }
  const production = env.NODE_ENV === "production";
  const publicUrl = env.GATEWAY_PUBLIC_URL ?? `http://localhost:${env.GATEWAY_PORT}`;
  const allowedHosts = env.GATEWAY_ALLOWED_HOSTS
    ? env.GATEWAY_ALLOWED_HOSTS.split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean)
    : [...new Set([new URL(publicUrl).hostname.toLowerCase(), "localhost", "127.0.0.1"])];
  return {
    ok: true,
    config: {
      production,
      databaseUrl: env.DATABASE_URL,
      secretKey,
      port: env.GATEWAY_PORT,
      host: env.GATEWAY_HOST,
      publicUrl,
      webPublicUrl: (env.WEB_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
      webInternalUrl: env.GATEWAY_WEB_URL?.replace(/\/+$/, ""),
      allowedHosts,
      corsOrigins: env.GATEWAY_CORS_ORIGINS,
      upstreamTimeoutMs: env.GATEWAY_UPSTREAM_TIMEOUT_MS,
      maxBodyBytes: env.GATEWAY_MAX_BODY_BYTES,
      stdioMaxBodyBytes: env.GATEWAY_STDIO_MAX_BODY_BYTES,
      accountWaitMs: env.GATEWAY_ACCOUNT_WAIT_MS,
      configPollMs: env.GATEWAY_CONFIG_POLL_MS,
      auditSpoolDir:
        env.GATEWAY_AUDIT_SPOOL_DIR ??
        path.join(process.cwd(), ".data", "gateway-spool", `${os.hostname()}-${env.GATEWAY_PORT}`),
      drainTimeoutMs: env.GATEWAY_DRAIN_TIMEOUT_MS,
      maxSessionsPerAgent: env.GATEWAY_MAX_SESSIONS_PER_AGENT,
      approvalKeepAliveMs: 10_000,
      approvalPollMs: env.GATEWAY_APPROVAL_POLL_MS,
      approvalSweepMs: 30_000,
      metricsToken: env.GATEWAY_METRICS_TOKEN,
      allowStdio: env.GATEHOUSE_ALLOW_STDIO ?? false,
      allowPrivateUpstreams: env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS ?? !production,
      redisUrl: env.REDIS_URL,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      smtpUrl: env.SMTP_URL,
      emailFrom: env.EMAIL_FROM,
      logLevel: env.LOG_LEVEL,
    },
  };
}

/** Parses `process.env` or stops the process with one clear line per problem. */
export function loadEnv(): GatewayConfig {
  const result = parseEnv(process.env);
  if (result.ok) return result.config;
  for (const problem of result.problems) console.error(`gateway: ${problem}`);
  process.exit(1);
}
