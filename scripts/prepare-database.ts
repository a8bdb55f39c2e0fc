// Production start-up step (the `migrate` service of docker-compose.yml): applies migrations and the
// GATEHOUSE_BOOTSTRAP_* account, then exits. One clear line per problem, exit 1.
import { ensureBootstrap } from "@gatehouse/db/bootstrap";
import { openDatabase } from "./lib/database.js";
import { parseLauncherEnv } from "./lib/launcher-env.js";

const parsed = parseLauncherEnv(process.env);
if (!parsed.ok) {
  for (const problem of parsed.problems) console.error(`gatehouse: ${problem}`);
  process.exit(1);
}
const { env } = parsed;
if (!env.DATABASE_URL) {
  console.error("gatehouse: DATABASE_URL is required to prepare a database");
  process.exit(1);
}
try {
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.GATEHOUSE_DATA_DIR });
  if (env.GATEHOUSE_BOOTSTRAP_EMAIL && env.GATEHOUSE_BOOTSTRAP_PASSWORD && env.GATEHOUSE_BOOTSTRAP_ACCOUNT) {
    await ensureBootstrap(database.db, {
      email: env.GATEHOUSE_BOOTSTRAP_EMAIL,
      password: env.GATEHOUSE_BOOTSTRAP_PASSWORD,
      accountSlug: env.GATEHOUSE_BOOTSTRAP_ACCOUNT,
      ...(env.GATEHOUSE_BOOTSTRAP_API_TOKEN ? { apiToken: env.GATEHOUSE_BOOTSTRAP_API_TOKEN } : {}),
    });
  }
  await database.stop();
  console.log("gatehouse: database migrated and bootstrapped");
} catch (error: unknown) {
  console.error(`gatehouse: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
