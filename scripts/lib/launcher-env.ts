// The launcher's environment (npm start, the e2e setup, production containers), validated once: every problem is
// one clear line, and start-up stops before anything is started.
import {
  problemLines,
  ZAuthSecret,
  ZHttpUrl,
  ZNodeEnv,
  ZPort,
  ZPostgresUrl,
  ZRedisUrl,
} from "@gatehouse/env";
import { z } from "zod";

const flag = z.enum(["0", "1"]);

const ZLauncherEnv = z.object({
  NODE_ENV: ZNodeEnv,
  DATABASE_URL: ZPostgresUrl.optional(),
  REDIS_URL: ZRedisUrl.optional(),
  PORT: ZPort.default(3000),
  GATEWAY_PORT: ZPort.default(8080),
  GATEWAY_PUBLIC_URL: ZHttpUrl.optional(),
  WEB_PUBLIC_URL: ZHttpUrl.optional(),
  AUTH_SECRET: ZAuthSecret.optional(),
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
    return { ok: false, problems: problemLines(parsed.error) };
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
