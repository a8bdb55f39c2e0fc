// Runs the whole stack for the end-to-end tests on free ports with a throw-away data directory, prints one line
// "GATEHOUSE_READY {json}" once the dashboard and the gateway answer, and stops everything on SIGTERM.
// With DATABASE_URL set it uses a fresh database on that server, dropped afterwards.

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { parseLauncherEnv } from "./lib/launcher-env.js";
import { freePort } from "./lib/processes.js";
import { startStack } from "./stack.js";

const dataDir = await mkdtemp(join(tmpdir(), "gatehouse-e2e-"));
const serverUrl = process.env.DATABASE_URL;
const databaseName = `gatehouse_e2e_${randomBytes(4).toString("hex")}`;
let databaseUrl: string | undefined;
if (serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
}

const [port, gatewayPort] = [await freePort(), await freePort()];
const parsed = parseLauncherEnv({
  NODE_ENV: "development",
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL,
  PORT: String(port),
  GATEWAY_PORT: String(gatewayPort),
  GATEWAY_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
  GATEHOUSE_DATA_DIR: dataDir,
});
if (!parsed.ok) throw new Error(parsed.problems.join("; "));
const stack = await startStack(parsed.env, { GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1" });
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
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.end();
  }
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
