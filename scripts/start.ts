// `npm start`: builds what is stale, then brings up the database, migrations, the demo account, the gateway and the
// dashboard, prints where they are, and stops everything cleanly on Ctrl-C.
import { spawnSync } from "node:child_process";
import { parseLauncherEnv } from "./lib/launcher-env.js";
import { assertPortFree } from "./lib/processes.js";
import { ROOT } from "./lib/root.js";

function fail(lines: string[]): never {
  for (const line of lines) console.error(`gatehouse: ${line}`);
  process.exit(1);
}

const parsed = parseLauncherEnv(process.env);
if (!parsed.ok) fail(parsed.problems);
const env = parsed.env;

try {
  await assertPortFree(env.PORT, "PORT");
  await assertPortFree(env.GATEWAY_PORT, "GATEWAY_PORT");
} catch (error: unknown) {
  fail([error instanceof Error ? error.message : String(error)]);
}

if (process.env.GATEHOUSE_SKIP_BUILD !== "1") {
  console.log("Building (only what changed since the last start)…");
  const build = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) fail(["the build failed; see the output above"]);
}

console.log(env.DATABASE_URL ? "Connecting to DATABASE_URL…" : "Starting the embedded database…");
// Imported only now: the stack needs the Prisma client that the build generates.
const { startStack } = await import("./stack.js");
const stack = await startStack(env).catch((error: unknown) =>
  fail([error instanceof Error ? error.message : String(error)]),
);

console.log(`
Gatehouse is running.
  Dashboard  ${stack.webUrl}
  Gateway    ${stack.gatewayUrl}  (agents connect to ${stack.gatewayUrl}/{account}/{server}/mcp)
  Database   ${stack.embedded ? `embedded, data in ${env.GATEHOUSE_DATA_DIR}/pglite` : "DATABASE_URL"}
  Logs       ${stack.logDir}`);
if (stack.demo) {
  console.log(`  Demo login ${stack.demo.email} / ${stack.demo.password}  (account "${stack.demo.account}")`);
}
console.log("Press Ctrl-C to stop.");

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping: draining the gateway and the dashboard…");
  await stack.stop();
  console.log("Stopped.");
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
