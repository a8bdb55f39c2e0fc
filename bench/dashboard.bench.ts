// Dashboard and API speed with a big account (issue 5 item 10): 10,000 audit events and 1,000 tools.
//
//   npx turbo run build && npx tsx bench/dashboard.bench.ts        (embedded database)
//   DATABASE_URL=postgresql://… npx tsx bench/dashboard.bench.ts   (a fresh database on that server)
//
// Starts the real stack (production build of the dashboard, gateway, database), seeds the account, signs in like a
// browser, then times each server-rendered page and API route over HTTP. Figures are p50/p95 in ms and the ratio
// to a trivial page served by the same server in the same run (the baseline), since this machine is noisy.
// Target: every page and API answer under 1,000 ms.
import { randomUUID } from "node:crypto";
import { createDbClient } from "@gatehouse/db";
import { startBenchStack } from "./lib/bench-stack.js";
import { percentile, sampleMs } from "./lib/stats.js";

const TOOLS = 1_000;
const EVENTS = 10_000;
const SAMPLES = 15;
const DECISIONS = ["allowed", "allowed", "allowed", "denied", "rate_limited", "hidden", "approved"] as const;

const bench = await startBenchStack();
const { api, login, stack, webUrl: web } = bench;

try {
  const created = await api("/servers", {
    method: "POST",
    body: JSON.stringify({ name: "Big", slug: "big", url: "http://127.0.0.1:9/mcp" }),
  });
  if (created.status !== 201)
    throw new Error(`registering a server answered ${created.status}: ${await created.text()}`);
  const { id: serverId } = (await created.json()) as { id: string };

  console.log(`Seeding ${TOOLS} tools and ${EVENTS} audit events…`);
  const db = createDbClient(stack.databaseUrl, { maxConnections: 1 });
  const account = await db.organization.findUniqueOrThrow({ where: { slug: "bench" } });
  await db.tool.createMany({
    data: Array.from({ length: TOOLS }, (_, i) => ({
      organizationId: account.id,
      serverId,
      name: `tool_${String(i).padStart(4, "0")}`,
      description: `Does thing number ${i}`,
      inputSchema: { type: "object", properties: { id: { type: "string" } } },
      definitionHash: `hash-${i}`,
      riskCategory: i % 3 === 0 ? ("Read" as const) : ("Write" as const),
      riskLevel: i % 3 === 0 ? ("low" as const) : ("medium" as const),
      riskEvidence: ["name starts with tool_"],
      riskRationale: "Synthetic tool for the benchmark.",
    })),
  });
  const now = Date.now();
  for (let chunk = 0; chunk < EVENTS / 1_000; chunk++) {
    await db.auditEvent.createMany({
      data: Array.from({ length: 1_000 }, (_, i) => ({
        id: randomUUID(),
        organizationId: account.id,
        serverId,
        serverSlug: "big",
        method: "tools/call",
        tool: `tool_${String((chunk * 1_000 + i) % TOOLS).padStart(4, "0")}`,
        decision: DECISIONS[i % DECISIONS.length]!,
        latencyMs: i % 40,
        createdAt: new Date(now - (chunk * 1_000 + i) * 8_000),
      })),
    });
  }
  await db.$disconnect();

  const cookie = await signIn(web, login);
  const page = (path: string) => fetch(`${web}${path}`, { headers: { cookie }, redirect: "manual" });

  const targets: [string, () => Promise<Response>][] = [
    ["page  /bench (overview)", () => page("/bench")],
    ["page  /bench/servers", () => page("/bench/servers")],
    ["page  server with 1,000 tools", () => page("/bench/servers/big")],
    ["page  policy builder, 1,000 rows", () => page("/bench/servers/big/policy")],
    ["page  activity (10,000 events)", () => page("/bench/activity")],
    ["page  activity, decision=denied", () => page("/bench/activity?decision=denied")],
    ["api   GET /servers", () => api("/servers")],
    ["api   GET /servers/{id}/tools", () => api(`/servers/${serverId}/tools`)],
    ["api   GET /audit?limit=100", () => api("/audit?limit=100")],
    ["api   GET /audit?decision=denied", () => api("/audit?decision=denied&limit=100")],
  ];

  const baselineFetch = () => fetch(`${web}/signin`);
  await baselineFetch();
  const baseline = percentile(await sampleMs(SAMPLES, baselineFetch), 50);
  console.log(`\nbaseline: GET /signin (static page, same server) p50 ${baseline.toFixed(1)} ms\n`);
  console.log(
    `${"what".padEnd(36)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"× base".padStart(7)}  < 1 s`,
  );
  let allUnder = true;
  for (const [label, request] of targets) {
    const first = await request();
    if (first.status !== 200) throw new Error(`${label} answered ${first.status}`);
    await first.arrayBuffer();
    const samples = await sampleMs(SAMPLES, async () => (await request()).arrayBuffer());
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    allUnder &&= p95 < 1_000;
    console.log(
      `${label.padEnd(36)} ${p50.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${(p50 / baseline).toFixed(1).padStart(7)}  ${p95 < 1_000 ? "yes" : "NO"}`,
    );
  }
  console.log(
    `\n${allUnder ? "Every page and API answer is under 1 s at p95." : "Some answers are over 1 s at p95."}`,
  );
} finally {
  await bench.stop();
}

/** Signs in through next-auth's credentials endpoint, as the sign-in form does; returns the session cookie. */
async function signIn(base: string, credentials: { email: string; password: string }): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: `${base}/` }),
  });
  const session = response.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (!session) throw new Error(`signing in failed (${response.status})`);
  return [csrfCookie, session.split(";")[0]].join("; ");
}
