// How fast a published policy reaches the gateway (DESIGN §5: within one second, without reconnecting).
//
//   npx turbo run build && npx tsx bench/propagation.bench.ts        (embedded database: the change feed is polled)
//   DATABASE_URL=postgresql://… npx tsx bench/propagation.bench.ts   (real Postgres: NOTIFY wakes the gateway)
//
// Starts the real stack and an upstream of our own, connects one SDK client through the gateway, then publishes
// through the REST API, alternately denying and allowing `echo`, and measures from the API's answer to the first
// call the gateway decides the new way (probing every 10 ms on the same session). The baseline is one allowed
// call's round trip in the same run. Target: under 1,000 ms every time.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parseLauncherEnv } from "../scripts/lib/launcher-env.js";
import { freePort } from "../scripts/lib/processes.js";
import { startStack } from "../scripts/stack.js";
import { basicTools, startFixtureServer } from "./fixtures/fixture-server.js";
import { percentile, sampleMs } from "./lib/stats.js";

const ROUNDS = 20;
const upstream = await startFixtureServer({ tools: basicTools() });
const dataDir = await mkdtemp(join(tmpdir(), "gatehouse-bench-"));
const [port, gatewayPort] = [await freePort(), await freePort()];
const token = `gate_at_${randomBytes(24).toString("base64url")}`;
const parsed = parseLauncherEnv({
  DATABASE_URL: process.env.DATABASE_URL,
  PORT: String(port),
  GATEWAY_PORT: String(gatewayPort),
  GATEWAY_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
  GATEHOUSE_DATA_DIR: dataDir,
  GATEHOUSE_DEMO: "0",
  GATEHOUSE_BOOTSTRAP_EMAIL: "bench@example.com",
  GATEHOUSE_BOOTSTRAP_PASSWORD: "benchmark password",
  GATEHOUSE_BOOTSTRAP_ACCOUNT: "bench",
  GATEHOUSE_BOOTSTRAP_API_TOKEN: token,
});
if (!parsed.ok) throw new Error(parsed.problems.join("; "));
console.log(`Starting the stack (${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded database"})…`);
const stack = await startStack(parsed.env, { LOG_LEVEL: "warn" });

async function api<T>(method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

const policy = (echo: "allow" | "deny") => ({
  version: "1",
  default: "deny",
  tools: { echo: { action: echo } },
});

let client: Client | undefined;
try {
  const server = await api<{ id: string }>("POST", "/servers", {
    name: "Fixture",
    slug: "fixture",
    url: upstream.url,
  });
  await api("PUT", `/servers/${server.id}/policy`, policy("allow"));
  const agent = await api<{ key: string }>("POST", "/agents", {
    name: "bench-agent",
    serverIds: [server.id],
  });
  client = new Client({ name: "propagation-bench", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${stack.gatewayUrl}/bench/fixture/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${agent.key}` } },
    }),
  );
  const connected = client;
  const echoDenied = async () =>
    (await connected.callTool({ name: "echo", arguments: { message: "x" } })).isError === true;
  while (await echoDenied()) await new Promise((resolve) => setTimeout(resolve, 20));

  const baseline = percentile(await sampleMs(50, echoDenied), 50);
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const deny = round % 2 === 0;
    await api("PUT", `/servers/${server.id}/policy?comment=round-${round}`, policy(deny ? "deny" : "allow"));
    const published = performance.now();
    while ((await echoDenied()) !== deny) {
      if (performance.now() - published > 10_000)
        throw new Error("the new policy was not enforced within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    delays.push(performance.now() - published);
  }
  const p50 = percentile(delays, 50);
  const p95 = percentile(delays, 95);
  const max = Math.max(...delays);
  console.log(`\nbaseline: one tools/call through the gateway, p50 ${baseline.toFixed(1)} ms`);
  console.log(
    `publish → enforced, ${ROUNDS} rounds: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${max.toFixed(0)} ms`,
  );
  console.log(
    `ratios to the baseline: p50 ×${(p50 / baseline).toFixed(1)}, max ×${(max / baseline).toFixed(1)}`,
  );
  console.log(
    max < 1_000 ? "Every publish was enforced within 1 s." : "Some publishes took longer than 1 s.",
  );
} finally {
  await client?.close().catch(() => undefined);
  await stack.stop();
  await upstream.close();
  await rm(dataDir, { recursive: true, force: true });
}
