// Starts the whole of Gatehouse: database (embedded or given), migrations, bootstrap and demo account, the gateway
// and the dashboard. Used by `npm start` and by the end-to-end tests' global setup.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ensureBootstrap } from "@gatehouse/db/bootstrap";
import { bootstrapFromEnv } from "./lib/bootstrap-from-env.js";
import { type LauncherDatabase, openDatabase } from "./lib/database.js";
import type { TLauncherEnv } from "./lib/launcher-env.js";
import { type Child, startChild, stopChild, waitForHttp } from "./lib/processes.js";
import { ROOT } from "./lib/root.js";
import { loadOrCreateLocalSecrets } from "./lib/secrets-file.js";

export interface Stack {
  webUrl: string;
  gatewayUrl: string;
  databaseUrl: string;
  embedded: boolean;
  demo?: { email: string; password: string; account: string };
  logDir: string;
  stop(): Promise<void>;
}

export const DEMO_EMAIL = "demo@gatehouse.local";

export async function startStack(env: TLauncherEnv, extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const dataDir = resolve(ROOT, env.GATEHOUSE_DATA_DIR);
  const logDir = join(dataDir, "logs");
  await mkdir(logDir, { recursive: true });
  const production = env.NODE_ENV === "production";
  const local = production ? undefined : await loadOrCreateLocalSecrets(dataDir);
  const authSecret = env.AUTH_SECRET ?? local!.AUTH_SECRET;
  const secretKey = env.GATEHOUSE_SECRET_KEY ?? local!.GATEHOUSE_SECRET_KEY;

  const database = await openDatabase({ url: env.DATABASE_URL, dataDir });
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    await database.stop();
  };
  try {
    const demo = await prepareAccounts(database, env, local?.DEMO_PASSWORD);
    const gatewayUrl = env.GATEWAY_PUBLIC_URL ?? `http://localhost:${env.GATEWAY_PORT}`;
    const webPublicUrl = env.WEB_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
    const shared: NodeJS.ProcessEnv = {
      ...process.env,
      ...extraEnv,
      // Both apps run their production builds; what production mode changes for them (private upstreams) is
      // passed explicitly below, and the secrets are always given.
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      GATEHOUSE_SECRET_KEY: secretKey,
      GATEWAY_PUBLIC_URL: gatewayUrl,
      WEB_PUBLIC_URL: webPublicUrl,
      ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
      ...(production
        ? {}
        : {
            GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: process.env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS ?? "1",
            // Without SMTP_URL, mails are kept in the dashboard's dev outbox (/dev/mail) and its log.
            GATEHOUSE_DEV_OUTBOX: process.env.GATEHOUSE_DEV_OUTBOX ?? "1",
          }),
    };
    const gateway = startChild("gateway", process.execPath, [join(ROOT, "apps/gateway/dist/main.js")], {
      cwd: ROOT,
      env: {
        ...shared,
        GATEWAY_PORT: String(env.GATEWAY_PORT),
        GATEWAY_AUDIT_SPOOL_DIR: join(dataDir, "spool"),
      },
      logFile: join(logDir, "gateway.log"),
    });
    children.push(gateway);
    const nextBin = join(ROOT, "node_modules/next/dist/bin/next");
    const web = startChild("dashboard", process.execPath, [nextBin, "start", "-p", String(env.PORT)], {
      cwd: join(ROOT, "apps/web"),
      env: { ...shared, PORT: String(env.PORT), AUTH_SECRET: authSecret, AUTH_TRUST_HOST: "true" },
      logFile: join(logDir, "web.log"),
    });
    children.push(web);
    const webUrl = `http://localhost:${env.PORT}`;
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${env.GATEWAY_PORT}/healthz`, gateway),
      waitForHttp(`http://127.0.0.1:${env.PORT}/signin`, web),
    ]);
    return { webUrl, gatewayUrl, databaseUrl: database.url, embedded: database.embedded, demo, logDir, stop };
  } catch (error: unknown) {
    await stop();
    throw error;
  }
}

async function prepareAccounts(database: LauncherDatabase, env: TLauncherEnv, demoPassword?: string) {
  await bootstrapFromEnv(database.db, env);
  if (env.NODE_ENV === "production" || env.GATEHOUSE_DEMO !== "1" || !demoPassword) return undefined;
  await ensureBootstrap(database.db, {
    email: DEMO_EMAIL,
    password: demoPassword,
    accountSlug: "demo",
    accountName: "Demo",
  });
  return { email: DEMO_EMAIL, password: demoPassword, account: "demo" };
}
