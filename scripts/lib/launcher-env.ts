// The launcher's environment (npm start, the e2e setup, production containers), validated once: every problem is
// one clear line, and start-up stops before anything is started.
import { z } from "zod";

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^/]+/.test(value) && URL.canParse(value), {
    message: "must be a postgres:// or postgresql:// URL, e.g. postgresql://user:pass@host:5432/gatehouse",
  });
const redisUrl = z.string().refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), {
  message: "must be a redis:// URL",
});
const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(["0", "1"]);

const ZLauncherEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  PORT: port.default(3000),
  GATEWAY_PORT: port.default(8080),
  GATEWAY_PUBLIC_URL: z.url({ message: "must be an http(s) URL" }).optional(),
  WEB_PUBLIC_URL: z.url({ message: "must be an http(s) URL" }).optional(),
  AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  GATEHOUSE_SECRET_KEY: z.string().optional(),
  GATEHOUSE_DATA_DIR: z.string().default(".data"),
  GATEHOUSE_DEMO: flag.default("1"),
  GATEHOUSE_BOOTSTRAP_EMAIL: z.string().optional(),
  GATEHOUSE_BOOTSTRAP_PASSWORD: z.string().optional(),
  GATEHOUSE_BOOTSTRAP_ACCOUNT: z.string().optional(),
  GATEHOUSE_BOOTSTRAP_API_TOKEN: z.string().optional(),
});

export type TLauncherEnv = z.infer<typeof ZLauncherEnv>;

export function parseLauncherEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: TLauncherEnv } | { ok: false; problems: string[] } {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = ZLauncherEnv.safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
    };
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.NODE_ENV === "production") {
    if (!env.DATABASE_URL) problems.push("DATABASE_URL is required in production mode (NODE_ENV=production)");
    if (!env.AUTH_SECRET)
      problems.push("AUTH_SECRET is required in production mode; it is never generated there");
    if (!env.GATEHOUSE_SECRET_KEY) {
      problems.push("GATEHOUSE_SECRET_KEY is required in production mode; it is never generated there");
    }
  }
  const bootstrap = [
    env.GATEHOUSE_BOOTSTRAP_EMAIL,
    env.GATEHOUSE_BOOTSTRAP_PASSWORD,
    env.GATEHOUSE_BOOTSTRAP_ACCOUNT,
  ];
  if (bootstrap.some(Boolean) && !bootstrap.every(Boolean)) {
    problems.push(
      "GATEHOUSE_BOOTSTRAP_EMAIL, GATEHOUSE_BOOTSTRAP_PASSWORD and GATEHOUSE_BOOTSTRAP_ACCOUNT go together",
    );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, env };
}
