// Production start-up step (the `migrate` service of docker-compose.yml): applies migrations and the
// GATEHOUSE_BOOTSTRAP_* account, then exits. One clear line per problem, exit 1.
import { bootstrapFromEnv } from "./lib/bootstrap-from-env.js";
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
  await bootstrapFromEnv(database.db, env);
  await database.stop();
  console.log("gatehouse: database migrated and bootstrapped");
} catch (error: unknown) {
  console.error(`gatehouse: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
