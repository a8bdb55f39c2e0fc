/**
 * Gateway overhead benchmark (issue 4): tools/call through the gateway against the same upstream directly, in the
 * same run under the same load (8 concurrent clients, alternating rounds), for a fast upstream of our own and for
 * server-everything; then the gateway's RSS with 1,000 open sessions. Prints the figures and the ratios.
 *
 *   npm run build -w @gatehouse/gateway && npx tsx bench/gateway.bench.ts
 *   (embedded database, or DATABASE_URL/REDIS_URL when set; use a real Postgres for figures, since the embedded
 *   one runs inside this process and competes with the clients for CPU)
 *   BENCH_SECONDS=5 BENCH_CLIENTS=8 BENCH_SESSIONS=1000 npx tsx bench/gateway.bench.ts
 *   BENCH_PROFILE_DIR=/tmp/prof …: also writes the gateway's CPU profile there (open it in Chrome's DevTools)
 */

import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase } from "@gatehouse/db/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { GATEWAY_BUNDLE, spawnGateway } from "./fixtures/spawn-gateway.js";
import { type SpawnedServer, spawnEverything, spawnFixture } from "./fixtures/spawn-server.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

interface Run {
  latencies: number[];
  calls: number;
  seconds: number;
  /** CPU milliseconds each process spent during the run: this one (the clients), the upstream, the gateway. */
  cpu: { clients: number; upstream: number; gateway: number };
}

/** A process's CPU time so far in milliseconds (user + system, from /proc). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

interface Pids {
  upstream: number | undefined;
  gateway: number | undefined;
}

async function connect(url: string, key?: string): Promise<Client> {
  const client = new Client({ name: "bench", version: "1" });
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

async function load(
  clients: Client[],
  seconds: number,
  args: Record<string, unknown>,
  pids: Pids,
): Promise<Run> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = { clients: ownCpuMs(), upstream: cpuMs(pids.upstream), gateway: cpuMs(pids.gateway) };
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await client.callTool({ name: "echo", arguments: args });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const cpu = {
    clients: ownCpuMs() - cpuBefore.clients,
    upstream: cpuMs(pids.upstream) - cpuBefore.upstream,
    gateway: cpuMs(pids.gateway) - cpuBefore.gateway,
  };
  return { latencies, calls: latencies.length, seconds: (performance.now() - started) / 1000, cpu };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function merge(runs: Run[]): Run {
  return {
    latencies: runs.flatMap((run) => run.latencies),
    calls: runs.reduce((sum, run) => sum + run.calls, 0),
    seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
    cpu: {
      clients: runs.reduce((sum, run) => sum + run.cpu.clients, 0),
      upstream: runs.reduce((sum, run) => sum + run.cpu.upstream, 0),
      gateway: runs.reduce((sum, run) => sum + run.cpu.gateway, 0),
    },
  };
}

/** CPU microseconds per call of one process. */
function perCall(ms: number, run: Run): string {
  return ((ms * 1000) / run.calls).toFixed(0);
}

async function compare(
  label: string,
  upstream: SpawnedServer,
  gatewayUrl: string,
  key: string,
  gatewayPid: number | undefined,
) {
  const directUrl = upstream.url;
  const pids: Pids = { upstream: upstream.child.pid, gateway: gatewayPid };
  const direct = await Promise.all(Array.from({ length: CLIENTS }, () => connect(directUrl)));
  const through = await Promise.all(Array.from({ length: CLIENTS }, () => connect(gatewayUrl, key)));
  const args = { message: "benchmark" };
  await load(direct, 1, args, pids); // warm-up
  await load(through, 1, args, pids);
  const directRuns: Run[] = [];
  const gatewayRuns: Run[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    directRuns.push(await load(direct, SECONDS / ROUNDS, args, pids));
    gatewayRuns.push(await load(through, SECONDS / ROUNDS, args, pids));
  }
  await Promise.all([...direct, ...through].map((client) => client.close()));
  const d = merge(directRuns);
  const g = merge(gatewayRuns);
  const row = {
    upstream: label,
    "direct p50 ms": pct(d.latencies, 50).toFixed(3),
    "gateway p50 ms": pct(g.latencies, 50).toFixed(3),
    "added p50 ms": (pct(g.latencies, 50) - pct(d.latencies, 50)).toFixed(3),
    "direct p99 ms": pct(d.latencies, 99).toFixed(3),
    "gateway p99 ms": pct(g.latencies, 99).toFixed(3),
    "added p99 ms": (pct(g.latencies, 99) - pct(d.latencies, 99)).toFixed(3),
    "direct calls/s": Math.round(d.calls / d.seconds),
    "gateway calls/s": Math.round(g.calls / g.seconds),
    "throughput ratio": (g.calls / g.seconds / (d.calls / d.seconds)).toFixed(3),
  };
  const cpu = {
    upstream: label,
    "direct: clients µs/call": perCall(d.cpu.clients, d),
    "direct: upstream µs/call": perCall(d.cpu.upstream, d),
    "gateway run: clients µs/call": perCall(g.cpu.clients, g),
    "gateway run: upstream µs/call": perCall(g.cpu.upstream, g),
    "gateway µs/call": perCall(g.cpu.gateway, g),
  };
  return { row, cpu };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function openSessions(url: string, key: string, count: number): Promise<number> {
  let opened = 0;
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
  });
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body,
      });
      await response.text();
      if (response.ok && response.headers.get("mcp-session-id")) opened += 1;
    });
    await Promise.all(batch);
  }
  return opened;
}

async function main() {
  const database = await createTestDatabase();
  const upstreams: SpawnedServer[] = [];
  let gateway: Awaited<ReturnType<typeof spawnGateway>> | undefined;
  try {
    const [fast, everything] = await Promise.all([spawnFixture(), spawnEverything("streamableHttp")]);
    upstreams.push(fast, everything);
    const org = await seedOrganization(database.db);
    const policy = { version: "1", default: "allow", tools: { echo: {} } };
    const fastServer = await seedServer(database.db, { organizationId: org.id, slug: "fast", url: fast.url });
    const evServer = await seedServer(database.db, {
      organizationId: org.id,
      slug: "everything",
      url: everything.url,
    });
    for (const server of [fastServer, evServer])
      await seedPolicy(database.db, { serverId: server.id, document: policy });
    const { key } = await seedAgent(database.db, {
      organizationId: org.id,
      serverIds: [fastServer.id, evServer.id],
    });
    const bundle = existsSync(GATEWAY_BUNDLE);
    console.log(
      bundle ? "gateway: the production bundle" : "gateway: from source via tsx (build it for real figures)",
    );
    gateway = await spawnGateway(
      {
        DATABASE_URL: database.url,
        GATEHOUSE_SECRET_KEY: randomBytes(32).toString("base64"),
        GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
        GATEWAY_AUDIT_SPOOL_DIR: await mkdtemp(path.join(os.tmpdir(), "gatehouse-bench-")),
        LOG_LEVEL: "info",
        ...(process.env.REDIS_URL
          ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `bench-${Date.now()}:` }
          : {}),
      },
      {
        bundle,
        nodeArgs: process.env.BENCH_PROFILE_DIR
          ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
          : [],
      },
    );
    const at = (slug: string) => `${gateway?.base}/${org.slug}/${slug}/mcp`;
    const pid = gateway.child.pid;
    const results = [
      await compare("fixture (ours)", fast, at("fast"), key, pid),
      await compare("server-everything", everything, at("everything"), key, pid),
    ];
    const rows = results.map((result) => result.row);
    console.table(rows);
    console.log("CPU time per call of each process (where the gateway's cost goes):");
    console.table(results.map((result) => result.cpu));

    const before = rssMb(gateway.child.pid ?? 0);
    const opened = await openSessions(at("fast"), key, SESSIONS);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = rssMb(gateway.child.pid ?? 0);
    console.table([
      {
        "sessions opened": opened,
        "gateway RSS before MB": before.toFixed(1),
        "RSS with sessions MB": after.toFixed(1),
      },
    ]);
    console.log(
      JSON.stringify({
        benchmark: "gateway",
        clients: CLIENTS,
        seconds: SECONDS,
        results: rows,
        cpu: results.map((result) => result.cpu),
        sessions: opened,
        rssMb: Number(after.toFixed(1)),
      }),
    );
  } finally {
    await gateway?.stop();
    await Promise.all(upstreams.map((upstream) => upstream.stop()));
    await database.close();
  }
}

await main();
