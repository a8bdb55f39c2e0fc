/**
 * Account URL benchmark (issue 20, item 4), in one run against one gateway process:
 * - tools/list on the account URL `/{account}/mcp` of an agent scoped to five servers, against tools/list on each
 *   of those servers' own URL `/{account}/{server}/mcp`; the ratio is to the slowest single server (target ≤ 1.5×);
 * - tools/call (echo) through the account URL against the same call through the server's own URL (target ≤ 1×,
 *   within noise).
 * Rounds alternate between the paths, so machine noise falls on both alike. The five upstreams: server-everything
 * over Streamable HTTP in a process of its own, and four of our fixture servers in this process.
 *
 *   npm run build -w @gatehouse/gateway && npx tsx bench/account-url.bench.ts
 *   BENCH_LIST_ROUNDS=40 BENCH_CALLS=400 … (embedded database, or DATABASE_URL when set)
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { GATEWAY_BUNDLE, spawnGateway } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const LIST_ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 30);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const WARMUP = 20;

async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const fixtures: RunningFixture[] = [];
  let everything: SpawnedServer | undefined;
  let gateway: Awaited<ReturnType<typeof spawnGateway>> | undefined;
  const clients: Client[] = [];
  try {
    everything = await spawnEverything("streamableHttp");
    for (let i = 0; i < 4; i += 1) fixtures.push(await startFixtureServer({ tools: basicTools() }));
    const org = await seedOrganization(database.db);
    const upstreams = [
      { slug: "everything", url: everything.url },
      ...fixtures.map((fixture, i) => ({ slug: `fixture-${i + 1}`, url: fixture.url })),
    ];
    const servers = [];
    for (const upstream of upstreams) {
      const server = await seedServer(database.db, {
        organizationId: org.id,
        slug: upstream.slug,
        url: upstream.url,
      });
      await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
      servers.push(server);
    }
    const { key } = await seedAgent(database.db, {
      organizationId: org.id,
      serverIds: servers.map((s) => s.id),
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
        LOG_LEVEL: "info", // spawnGateway waits for the "listening" line
      },
      { bundle, timeoutMs: 90_000 },
    );
    const base = `${gateway.base}/${org.slug}`;
    const own = new Map<string, Client>();
    for (const upstream of upstreams)
      own.set(upstream.slug, await connect(`${base}/${upstream.slug}/mcp`, key));
    const account = await connect(`${base}/mcp`, key);
    clients.push(...own.values(), account);

    // tools/list: each round lists on every server's own URL, then on the account URL.
    const listTimes = new Map<string, number[]>([
      ...upstreams.map((u) => [u.slug, []] as [string, number[]]),
      ["account", []],
    ]);
    for (let round = 0; round < LIST_ROUNDS + 3; round += 1) {
      for (const [slug, client] of own) {
        const t = await timed(() => client.listTools());
        if (round >= 3) listTimes.get(slug)?.push(t);
      }
      const t = await timed(() => account.listTools());
      if (round >= 3) listTimes.get("account")?.push(t);
    }
    const accountTools = (await account.listTools()).tools.length;
    let slowest = { slug: "", median: 0 };
    for (const upstream of upstreams) {
      const m = median(listTimes.get(upstream.slug) ?? []);
      console.log(`tools/list ${upstream.slug.padEnd(12)} own URL   median ${ms(m)}`);
      if (m > slowest.median) slowest = { slug: upstream.slug, median: m };
    }
    const accountList = median(listTimes.get("account") ?? []);
    console.log(`tools/list account URL (5 servers, ${accountTools} tools) median ${ms(accountList)}`);

    // tools/call: alternating single calls on fixture-1's own URL and through the account URL.
    const direct = own.get("fixture-1") as Client;
    const callDirect = () => direct.callTool({ name: "echo", arguments: { message: "bench" } });
    const callAccount = () => account.callTool({ name: "fixture-1__echo", arguments: { message: "bench" } });
    for (let i = 0; i < WARMUP; i += 1) await Promise.all([callDirect(), callAccount()]);
    const directTimes: number[] = [];
    const accountTimes: number[] = [];
    for (let i = 0; i < CALLS; i += 1) {
      if (i % 2 === 0) {
        directTimes.push(await timed(callDirect));
        accountTimes.push(await timed(callAccount));
      } else {
        accountTimes.push(await timed(callAccount));
        directTimes.push(await timed(callDirect));
      }
    }
    const callDirectMedian = median(directTimes);
    const callAccountMedian = median(accountTimes);
    console.log(`tools/call fixture-1 own URL    median ${ms(callDirectMedian)}`);
    console.log(`tools/call through account URL  median ${ms(callAccountMedian)}`);
    console.log("");
    console.log(
      `ratio tools/list account URL / slowest single server (${slowest.slug}): ${(accountList / slowest.median).toFixed(2)}× (target ≤ 1.5×)`,
    );
    console.log(
      `ratio tools/call account URL / server's own URL: ${(callAccountMedian / callDirectMedian).toFixed(2)}× (target ≤ 1×, within noise)`,
    );
  } finally {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await gateway?.stop();
    await Promise.all(fixtures.map((fixture) => fixture.close()));
    await everything?.stop();
    await database.close();
  }
}

await main();
