/**
 * Gateway overhead benchmark (issue 4): tools/call through the gateway against the same upstream directly, in the
 * same run (8 concurrent clients, alternating rounds), for a fast upstream of our own and for server-everything;
 * then two bare relays in the gateway's place in front of each (the floor for any relay in Node); then the gateway's
 * RSS with 1,000 open sessions. Prints the figures and the ratios.
 *
 * Two loads, because they answer different questions:
 * - saturated: each client sends its next call as soon as the last one is answered, so the machine's two cores are
 *   always busy. Throughput ratio = how much of direct capacity is left through the gateway; latencies here are
 *   mostly queueing, so they follow the throughput ratio.
 * - paced: the clients together send a steady BENCH_PACED_RATE calls/s (open loop: each call is sent on its
 *   schedule, whether or not earlier ones were answered, and timed from that schedule), well under what the
 *   machine can serve. Added latency here is what one call pays for passing through the gateway.
 *
 *   npm run build -w @gatehouse/gateway && npx tsx bench/gateway.bench.ts
 *   (embedded database, or DATABASE_URL/REDIS_URL when set; use a real Postgres for figures, since the embedded
 *   one runs inside this process and competes with the clients for CPU)
 *   BENCH_SECONDS=8 BENCH_ROUNDS=4 BENCH_WARMUP_SECONDS=5 BENCH_PACED_RATE=200 BENCH_CLIENTS=8 BENCH_SESSIONS=1000 …
 *   BENCH_PROFILE_DIR=/tmp/prof …: also writes the gateway's CPU profile there (open it in Chrome's DevTools)
 *   BENCH_GATEWAY_NODE_ARGS="--perf-basic-prof" …: extra node flags for the gateway (for `perf record -p`)
 *   BENCH_STORE_VALUES=1 …: the account stores argument values, so every call's values are scanned for secrets
 */

import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase } from "@gatehouse/db/testing";
import { BARE_RELAY } from "@gatehouse/test-fixtures/paths.js";
import { GATEWAY_BUNDLE, spawnGateway } from "@gatehouse/test-fixtures/spawn-gateway.js";
import {
  type SpawnedServer,
  spawnEverything,
  spawnFixture,
  spawnHttpServer,
} from "@gatehouse/test-fixtures/spawn-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** Seconds of measured load per path and per load, split into ROUNDS alternating rounds (machine noise drifts). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
/**
 * Unmeasured load on each path first. A gateway in service runs warm; V8 is still optimising the gateway's code
 * several seconds into a cold start, which measured as up to 1.5× the CPU per call in the first seconds.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
/** Calls per second of the paced load, all clients together: a fraction of what this machine serves saturated. */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 200);
/** The account stores argument values (redacted): the calls then carry a sentence, which the secret scan reads. */
const STORE_VALUES = process.env.BENCH_STORE_VALUES === "1";

interface Run {
  latencies: number[];
  calls: number;
  seconds: number;
  /**
   * CPU milliseconds spent during the run: by this process (the clients), the upstream, the gateway, and by the
   * local Postgres and Redis (the audit inserts and shared state; they compete for the same cores). With the
   * embedded database, the database runs inside this process and counts as the clients'.
   */
  cpu: { clients: number; upstream: number; gateway: number; stores: number };
}

/** A process's CPU time so far in milliseconds (user + system, from /proc). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

/** CPU time so far of each Postgres and Redis server process on this machine, in milliseconds, by pid. */
function storesCpuMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (comm === "postgres" || comm === "redis-server") byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // the process ended while we looked
    }
  }
  return byPid;
}

/**
 * What those processes spent between two readings: a process that started in between counts whole, one that ended
 * (a pooled connection closed) counts nothing, so the figure can fall short but never goes negative.
 */
function storesSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of storesCpuMs()) total += ms - (before.get(pid) ?? 0);
  return total;
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

interface Pids {
  upstream: number | undefined;
  gateway: number | undefined;
}

interface CpuReading {
  clients: number;
  upstream: number;
  gateway: number;
  stores: Map<number, number>;
}

function cpuNow(pids: Pids): CpuReading {
  return {
    clients: ownCpuMs(),
    upstream: cpuMs(pids.upstream),
    gateway: cpuMs(pids.gateway),
    stores: storesCpuMs(),
  };
}

function cpuSince(before: CpuReading, pids: Pids): Run["cpu"] {
  return {
    clients: ownCpuMs() - before.clients,
    upstream: cpuMs(pids.upstream) - before.upstream,
    gateway: cpuMs(pids.gateway) - before.gateway,
    stores: storesSince(before.stores),
  };
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
  const cpuBefore = cpuNow(pids);
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await client.callTool({ name: "echo", arguments: args });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const cpu = cpuSince(cpuBefore, pids);
  return { latencies, calls: latencies.length, seconds: (performance.now() - started) / 1000, cpu };
}

/**
 * Open-loop load: call i is due at start + i / rate (spread over the clients in turn) and is timed from when it was
 * due, so a slow answer cannot hide the calls that would have queued behind it.
 */
async function paced(
  clients: Client[],
  seconds: number,
  rate: number,
  args: Record<string, unknown>,
  pids: Pids,
): Promise<Run> {
  const latencies: number[] = [];
  const calls: Promise<void>[] = [];
  const started = performance.now();
  const cpuBefore = cpuNow(pids);
  const total = Math.round(seconds * rate);
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const client = clients[i % clients.length] as Client;
    calls.push(
      client.callTool({ name: "echo", arguments: args }).then(() => {
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(calls);
  const cpu = cpuSince(cpuBefore, pids);
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
      stores: runs.reduce((sum, run) => sum + run.cpu.stores, 0),
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
  const args = {
    message: STORE_VALUES
      ? "benchmark: summarise the open issues of acme/app and post them to #ops"
      : "benchmark",
  };
  await load(direct, WARMUP_SECONDS, args, pids);
  await load(through, WARMUP_SECONDS, args, pids);
  const saturated = { direct: [] as Run[], gateway: [] as Run[] };
  const steady = { direct: [] as Run[], gateway: [] as Run[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    saturated.direct.push(await load(direct, SECONDS / ROUNDS, args, pids));
    saturated.gateway.push(await load(through, SECONDS / ROUNDS, args, pids));
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    steady.direct.push(await paced(direct, SECONDS / ROUNDS, PACED_RATE, args, pids));
    steady.gateway.push(await paced(through, SECONDS / ROUNDS, PACED_RATE, args, pids));
  }
  await Promise.all([...direct, ...through].map((client) => client.close()));
  const d = merge(saturated.direct);
  const g = merge(saturated.gateway);
  const pd = merge(steady.direct);
  const pg = merge(steady.gateway);
  const row = {
    upstream: label,
    ...latencyColumns(d, g),
    "direct calls/s": Math.round(d.calls / d.seconds),
    "gateway calls/s": Math.round(g.calls / g.seconds),
    "throughput ratio": (g.calls / g.seconds / (d.calls / d.seconds)).toFixed(3),
  };
  const pacedRow = { upstream: label, "calls/s": PACED_RATE, ...latencyColumns(pd, pg) };
  const cpu = {
    upstream: label,
    "direct: clients µs/call": perCall(d.cpu.clients, d),
    "direct: upstream µs/call": perCall(d.cpu.upstream, d),
    "gateway run: clients µs/call": perCall(g.cpu.clients, g),
    "gateway run: upstream µs/call": perCall(g.cpu.upstream, g),
    "gateway (or relay) µs/call": perCall(g.cpu.gateway, g),
    "direct: Postgres+Redis µs/call": perCall(d.cpu.stores, d),
    "gateway run: Postgres+Redis µs/call": perCall(g.cpu.stores, g),
  };
  return { row, pacedRow, cpu };
}

function latencyColumns(direct: Run, gateway: Run) {
  const at = (run: Run, p: number) => pct(run.latencies, p);
  return {
    "direct p50 ms": at(direct, 50).toFixed(3),
    "gateway p50 ms": at(gateway, 50).toFixed(3),
    "added p50 ms": (at(gateway, 50) - at(direct, 50)).toFixed(3),
    "direct p99 ms": at(direct, 99).toFixed(3),
    "gateway p99 ms": at(gateway, 99).toFixed(3),
    "added p99 ms": (at(gateway, 99) - at(direct, 99)).toFixed(3),
  };
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
    if (STORE_VALUES)
      await database.db.organization.update({ where: { id: org.id }, data: { storeArgumentValues: true } });
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
        GATEWAY_MAX_SESSIONS_PER_AGENT: String(SESSIONS + 4 * CLIENTS), // all the sessions are one agent's
        LOG_LEVEL: "info",
        ...(process.env.REDIS_URL
          ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `bench-${Date.now()}:` }
          : {}),
      },
      {
        bundle,
        nodeArgs: [
          ...(process.env.BENCH_PROFILE_DIR
            ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
            : []),
          ...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
        ],
      },
    );
    const at = (slug: string) => `${gateway?.base}/${org.slug}/${slug}/mcp`;
    const pid = gateway.child.pid;
    const results = [
      await compare("fixture (ours)", fast, at("fast"), key, pid),
      await compare("server-everything", everything, at("everything"), key, pid),
    ];
    // The floor for any relay in Node, measured the same way in the same run (see bench/README.md).
    for (const [name, target] of [
      ["fixture", fast],
      ["server-everything", everything],
    ] as const) {
      for (const mode of ["pipe", "http"] as const) {
        const relay = await spawnHttpServer(BARE_RELAY, [mode, String(target.port)], "/mcp");
        upstreams.push(relay);
        const label = `${name} via ${mode === "pipe" ? "a TCP pipe" : "bare node:http"}`;
        results.push(await compare(label, target, relay.url, key, relay.child.pid));
      }
    }
    const rows = results.map((result) => result.row);
    const pacedRows = results.map((result) => result.pacedRow);
    console.log(
      "In the rows '… via …', a bare relay stands where the gateway does: the floor for any Node relay.",
    );
    console.log(`Saturated: ${CLIENTS} clients, each sending its next call as soon as the last is answered`);
    console.table(rows);
    console.log(
      `Paced: ${CLIENTS} clients sending ${PACED_RATE} calls/s together, timed from when each call was due`,
    );
    console.table(pacedRows);
    console.log("CPU time per call of each process (where the gateway's cost goes):");
    console.table(results.map((result) => result.cpu));
    // Issue #19's figure: the gateway against the bare node:http relay, CPU per call of the whole machine (clients,
    // upstream, relay, Postgres and Redis) and of the relay process alone, from the same run (target ≤ 1.15×).
    const cpuOf = (label: string) => results.find((result) => result.cpu.upstream === label)?.cpu;
    const machine = (cpu: Record<string, string>) =>
      [
        "gateway run: clients µs/call",
        "gateway run: upstream µs/call",
        "gateway (or relay) µs/call",
        "gateway run: Postgres+Redis µs/call",
      ]
        .map((key) => Number(cpu[key]))
        .reduce((sum, value) => sum + value, 0);
    console.table(
      [
        ["fixture (ours)", "fixture via bare node:http"],
        ["server-everything", "server-everything via bare node:http"],
      ].flatMap(([gatewayLabel = "", bareLabel = ""]) => {
        const gw = cpuOf(gatewayLabel);
        const bare = cpuOf(bareLabel);
        if (!gw || !bare) return [];
        return [
          {
            upstream: gatewayLabel,
            "machine µs/call, gateway": machine(gw),
            "machine µs/call, bare node:http": machine(bare),
            "machine ratio": (machine(gw) / machine(bare)).toFixed(2),
            "relay process ratio": (
              Number(gw["gateway (or relay) µs/call"]) / Number(bare["gateway (or relay) µs/call"])
            ).toFixed(2),
          },
        ];
      }),
    );

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
        paced: pacedRows,
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
