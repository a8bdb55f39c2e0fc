// The web app's environment, validated once when the server starts (STYLE rule 1). Nothing else reads process.env.
import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) =>
    value === undefined || value === "" ? undefined : value === "1" || value === "true",
  );

const ZEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgres:// URL"),
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters"),
  GATEHOUSE_SECRET_KEY: z.string().min(1, "GATEHOUSE_SECRET_KEY is required (32 bytes, base64 or hex)"),
  GATEWAY_PUBLIC_URL: z.string().url().default("http://localhost:8080"),
  PORT: z.coerce.number().int().positive().default(3000),
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: flag,
  GATEHOUSE_ALLOW_STDIO: flag,
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type TEnv = z.infer<typeof ZEnvSchema> & {
  allowPrivateUpstreams: boolean;
  allowStdio: boolean;
  gatewayPublicUrl: string;
};

// During `next build` the server code is imported to collect page data without a runtime environment; stand-ins
// keep the build working, and the running server validates the real values.
const isBuild = process.env.NEXT_PHASE === "phase-production-build";
const buildDefaults: Record<string, string> = isBuild
  ? {
      DATABASE_URL: "postgres://build:build@127.0.0.1:1/build",
      AUTH_SECRET: "build-time-secret-not-used-at-runtime",
      GATEHOUSE_SECRET_KEY: "build",
    }
  : {};

function loadEnv(): TEnv {
  const parsed = ZEnvSchema.safeParse({ ...buildDefaults, ...process.env });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment for @gatehouse/web — ${lines.join("; ")}`);
  }
  const value = parsed.data;
  return {
    ...value,
    allowPrivateUpstreams: value.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS ?? value.NODE_ENV !== "production",
    allowStdio: value.GATEHOUSE_ALLOW_STDIO ?? false,
    gatewayPublicUrl: value.GATEWAY_PUBLIC_URL.replace(/\/+$/, ""),
  };
}

export const env: TEnv = loadEnv();
