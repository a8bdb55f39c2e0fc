// The real stack for a benchmark: free ports, a throw-away data directory, the embedded database or DATABASE_URL,
// and a bootstrapped account "bench" with a known login and an admin API token.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLauncherEnv } from "../../scripts/lib/launcher-env.js";
import { freePort } from "../../scripts/lib/processes.js";
import { type Stack, startStack } from "../../scripts/stack.js";

export interface BenchStack {
  stack: Stack;
  webUrl: string;
  login: { email: string; password: string };
  token: string;
  /** Calls the REST API with the bench account's token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startBenchStack(extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "gatehouse-bench-"));
  const [port, gatewayPort] = [await freePort(), await freePort()];
  const token = `gate_at_${randomBytes(24).toString("base64url")}`;
  const login = { email: "bench@example.com", password: "benchmark password" };
  const parsed = parseLauncherEnv({
    DATABASE_URL: process.env.DATABASE_URL,
    PORT: String(port),
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_DEMO: "0",
    GATEHOUSE_BOOTSTRAP_EMAIL: login.email,
    GATEHOUSE_BOOTSTRAP_PASSWORD: login.password,
    GATEHOUSE_BOOTSTRAP_ACCOUNT: "bench",
    GATEHOUSE_BOOTSTRAP_API_TOKEN: token,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  console.log(`Starting the stack (${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded database"})…`);
  const stack = await startStack(parsed.env, extraEnv);
  const webUrl = `http://127.0.0.1:${port}`;
  return {
    stack,
    webUrl,
    login,
    token,
    api: (path, init = {}) =>
      fetch(`${webUrl}/api/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      }),
    async stop() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
