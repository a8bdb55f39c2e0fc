/**
 * The first request of an account this gateway replica has not loaded yet, with ACCOUNTS accounts in the database
 * (issue #19: p50 at most 50 ms at 10,000 accounts), beside the same request of an account it holds already, in the
 * same run. Every account has one server (our fast fixture upstream), a published policy and an agent with a key.
 *
 *   npx turbo run build && DATABASE_URL=postgresql://… npx tsx bench/first-call.bench.ts
 *   BENCH_ACCOUNTS=10000 BENCH_SAMPLES=200 …   (the embedded database works too, but loads far slower)
 *
 * A sample is one initialize POST with the account's key, timed from sending it to the whole answer: the gateway
 * authenticates it, which loads the account (its servers, agents, keys and compiled policies) on first use.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateAgentKey } from "@gatehouse/db/secrets";
import { createTestDatabase } from "@gatehouse/db/testing";
import { GATEWAY_BUNDLE, spawnGateway } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { spawnFixture } from "@gatehouse/test-fixtures/spawn-server.js";
import { percentile } from "./lib/stats.js";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const SAMPLES = Math.min(Number(process.env.BENCH_SAMPLES ?? 200), ACCOUNTS - 1);
const BATCH = 1000;
const POLICY = { version: "1", default: "allow", tools: { echo: {} } };

interface Seeded {
  slug: string;
  key: string;
}

const database = await createTestDatabase();
const upstream = await spawnFixture();
let gateway: Awaited<ReturnType<typeof spawnGateway>> | undefined;
try {
  const db = database.db;
  const seeded: Seeded[] = [];
  const started = performance.now();
  for (let from = 0; from < ACCOUNTS; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, ACCOUNTS - from) }, (_, i) => {
      const n = from + i;
      const credential = generateAgentKey();
      return {
        org: { id: randomUUID(), slug: `acct-${n}`, name: `Account ${n}` },
        server: randomUUID(),
        policy: randomUUID(),
        agent: randomUUID(),
        credential,
      };
    });
    await db.organization.createMany({ data: rows.map((row) => row.org) });
    await db.server.createMany({
      data: rows.map((row) => ({
        id: row.server,
        organizationId: row.org.id,
        name: "Fast",
        slug: "fast",
        url: upstream.url,
      })),
    });
    await db.policy.createMany({
      data: rows.map((row) => ({
        id: row.policy,
        organizationId: row.org.id,
        serverId: row.server,
        name: "default",
        isDefault: true,
        currentVersion: 1,
      })),
    });
    await db.policyVersion.createMany({
      data: rows.map((row) => ({
        organizationId: row.org.id,
        policyId: row.policy,
        number: 1,
        document: POLICY,
      })),
    });
    await db.agent.createMany({
      data: rows.map((row) => ({ id: row.agent, organizationId: row.org.id, name: "bench-agent" })),
    });
    await db.agentServer.createMany({
      data: rows.map((row) => ({ agentId: row.agent, serverId: row.server })),
    });
    await db.agentKey.createMany({
      data: rows.map((row) => ({
        organizationId: row.org.id,
        agentId: row.agent,
        prefix: row.credential.prefix,
        keyHash: row.credential.hash,
      })),
    });
    for (const row of rows) seeded.push({ slug: row.org.slug, key: row.credential.value });
  }
  console.log(`seeded ${ACCOUNTS} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  gateway = await spawnGateway(
    {
      DATABASE_URL: database.url,
      GATEHOUSE_SECRET_KEY: randomBytes(32).toString("base64"),
      GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
      GATEWAY_AUDIT_SPOOL_DIR: await mkdtemp(path.join(os.tmpdir(), "gatehouse-bench-")),
      LOG_LEVEL: "info", // spawnGateway waits for the "gateway listening" line
    },
    { bundle: existsSync(GATEWAY_BUNDLE) },
  );
  const base = gateway.base;
  const initialize = async (account: Seeded): Promise<number> => {
    const sent = performance.now();
    const response = await fetch(`${base}/${account.slug}/fast/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${account.key}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "bench", version: "1" },
        },
      }),
    });
    await response.text();
    if (!response.ok) throw new Error(`${account.slug} answered ${response.status}`);
    return performance.now() - sent;
  };

  // The warm baseline: one account, loaded by its first request, then asked again.
  const warm = seeded[0] as Seeded;
  await initialize(warm);
  for (let i = 0; i < 20; i += 1) await initialize(warm);
  const warmMs: number[] = [];
  const coldMs: number[] = [];
  // Alternate cold and warm samples, so that the machine's noise falls on both alike.
  for (let i = 1; i <= SAMPLES; i += 1) {
    const cold = seeded[Math.floor((i * (ACCOUNTS - 1)) / SAMPLES)] as Seeded;
    coldMs.push(await initialize(cold));
    warmMs.push(await initialize(warm));
  }
  const row = (label: string, samples: number[]) => ({
    request: label,
    "p50 ms": Number(percentile(samples, 50).toFixed(1)),
    "p95 ms": Number(percentile(samples, 95).toFixed(1)),
    "max ms": Number(Math.max(...samples).toFixed(1)),
  });
  console.log(`${SAMPLES} accounts' first requests, with ${ACCOUNTS} accounts in the database:`);
  console.table([
    row("first request of an account not loaded yet", coldMs),
    row("an account already loaded", warmMs),
  ]);
  const ratio = percentile(coldMs, 50) / percentile(warmMs, 50);
  console.log(`ratio of the p50s (not loaded / loaded): ×${ratio.toFixed(2)}; target: p50 ≤ 50 ms`);
} finally {
  await gateway?.stop();
  await upstream.stop();
  await database.close();
}
