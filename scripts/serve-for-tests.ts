// Runs the whole stack for the end-to-end tests on free ports with a throw-away data directory, prints one line
// "GATEHOUSE_READY {json}" once the dashboard and the gateway answer, and stops everything on SIGTERM.
// With DATABASE_URL set it uses a fresh database on that server, dropped afterwards.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase } from "@gatehouse/db/testing";
import { parseLauncherEnv } from "./lib/launcher-env.js";
import { freePort } from "./lib/processes.js";
import { startStack } from "./stack.js";

const dataDir = await mkdtemp(join(tmpdir(), "gatehouse-e2e-"));
const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;

const [port, gatewayPort] = [await freePort(), await freePort()];
const parsed = parseLauncherEnv({
  NODE_ENV: "development",
  DATABASE_URL: scratch?.url,
  REDIS_URL: process.env.REDIS_URL,
  PORT: String(port),
  GATEWAY_PORT: String(gatewayPort),
  GATEWAY_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
  WEB_PUBLIC_URL: `http://127.0.0.1:${port}`,
  GATEHOUSE_DATA_DIR: dataDir,
});
if (!parsed.ok) throw new Error(parsed.problems.join("; "));
const stack = await startStack(parsed.env, {
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
  // Its own Redis keys (sign-in throttle, gateway state), so runs on a shared Redis do not count each other's.
  REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX ?? `gatehouse-e2e-${process.pid}-${Date.now()}:`,
});
console.log(
  `GATEHOUSE_READY ${JSON.stringify({
    webUrl: `http://127.0.0.1:${port}`,
    gatewayUrl: stack.gatewayUrl,
    databaseUrl: stack.databaseUrl,
    demo: stack.demo,
    logDir: stack.logDir,
  })}`,
);

const shutdown = async () => {
  await stack.stop();
  await scratch?.drop();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
