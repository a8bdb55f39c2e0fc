// Applies GATEHOUSE_BOOTSTRAP_* (DESIGN §7) when all three required variables are set; shared by `npm start` and
// the production migrate step.
import type { DbClient } from "@gatehouse/db";
import { ensureBootstrap } from "@gatehouse/db/bootstrap";
import type { TLauncherEnv } from "./launcher-env.js";

export async function bootstrapFromEnv(db: DbClient, env: TLauncherEnv): Promise<void> {
  if (!env.GATEHOUSE_BOOTSTRAP_EMAIL || !env.GATEHOUSE_BOOTSTRAP_PASSWORD || !env.GATEHOUSE_BOOTSTRAP_ACCOUNT)
    return;
  await ensureBootstrap(db, {
    email: env.GATEHOUSE_BOOTSTRAP_EMAIL,
    password: env.GATEHOUSE_BOOTSTRAP_PASSWORD,
    accountSlug: env.GATEHOUSE_BOOTSTRAP_ACCOUNT,
    ...(env.GATEHOUSE_BOOTSTRAP_API_TOKEN ? { apiToken: env.GATEHOUSE_BOOTSTRAP_API_TOKEN } : {}),
  });
}
