// The fuzz suite: generated bad input (bounded: a few thousand requests, one at a time) to every REST route of the
// dashboard and to the gateway's endpoints, with a valid credential and without one. No answer may be a 5xx, and
// both processes must still answer afterwards. Prints how many requests it tried.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createDbClient, type DbClient } from "@gatehouse/db";
import { generateApiToken } from "@gatehouse/db/secrets";
import { seedAgent, seedOrganization, seedServer } from "@gatehouse/db/seed";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { expect, test } from "@playwright/test";
import { unique } from "../dashboard/helpers.js";
import {
  HOSTILE_BODIES,
  HOSTILE_QUERIES,
  HOSTILE_SEGMENTS,
  randomBodies,
  randomSegments,
} from "./bad-input.js";

const web = process.env.E2E_WEB_URL ?? "";
const gateway = process.env.E2E_GATEWAY_URL ?? "";
const API_ROOT = join(import.meta.dirname, "../../../../apps/web/src/app/api/v1");
const slug = unique("fuzz");

let db: DbClient;
let upstream: RunningFixture;
let token = "";
let agentKey = "";
let serverId = "";

/** Every REST route: its path template (`/servers/[id]/tools`) and the methods its route.ts exports. */
function restRoutes(dir = API_ROOT): Array<{ template: string; methods: string[] }> {
  const found: Array<{ template: string; methods: string[] }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...restRoutes(path));
    else if (name === "route.ts") {
      const source = readFileSync(path, "utf8");
      const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
        (m) => m[1] ?? "",
      );
      found.push({ template: `/${relative(API_ROOT, dir)}`, methods });
    }
  }
  return found;
}

test.beforeAll(async () => {
  db = createDbClient(process.env.E2E_DATABASE_URL ?? "", { maxConnections: 1 });
  upstream = await startFixtureServer({ tools: basicTools() });
  const org = await seedOrganization(db, { slug, name: "Fuzz" });
  const server = await seedServer(db, { organizationId: org.id, url: upstream.url, slug: "fx" });
  serverId = server.id;
  const credential = generateApiToken();
  await db.apiToken.create({
    data: {
      organizationId: org.id,
      name: "fuzz",
      role: "admin",
      prefix: credential.prefix,
      tokenHash: credential.hash,
    },
  });
  token = credential.value;
  agentKey = (await seedAgent(db, { organizationId: org.id, serverIds: [server.id] })).key;
});

test.afterAll(async () => {
  await upstream?.close();
  await db?.$disconnect();
});

test("no bad input to the REST API or the gateway answers 5xx, and both stay up", async ({ request }) => {
  test.setTimeout(600_000);
  const failures: string[] = [];
  let tried = 0;
  async function send(
    method: string,
    url: string,
    options: { headers?: Record<string, string>; data?: string },
  ) {
    tried += 1;
    try {
      const response = await request.fetch(url, { method, ...options, maxRedirects: 0, timeout: 30_000 });
      if (response.status() >= 500) {
        failures.push(
          `${response.status()} ${method} ${url.slice(0, 160)} ${(options.data ?? "").slice(0, 60)}`,
        );
      }
    } catch (error: unknown) {
      failures.push(`no answer: ${method} ${url.slice(0, 160)}: ${String(error).slice(0, 120)}`);
    }
  }
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const segments = [...HOSTILE_SEGMENTS, ...randomSegments(12, 17)];
  const bodies = [...HOSTILE_BODIES, ...randomBodies(8, 23)];

  for (const route of restRoutes()) {
    const params = (route.template.match(/\[[^\]]+\]/g) ?? []).length;
    const withValue = (value: string, at: number) => {
      let index = -1;
      return route.template.replace(/\[[^\]]+\]/g, (param) => {
        index += 1;
        if (index === at) return value;
        return param === "[id]" ? serverId : param === "[n]" ? "1" : "x";
      });
    };
    for (const method of route.methods) {
      // Bad path values in each parameter.
      for (let at = 0; at < Math.max(params, 1); at++) {
        for (const value of params > 0 ? segments : [""]) {
          await send(method, `${web}/api/v1${withValue(value, at)}`, {
            headers: auth,
            data: method === "GET" ? undefined : "{}",
          });
        }
      }
      // Bad query strings and bodies on the route with good path values.
      const good = `${web}/api/v1${withValue(serverId, -1)}`;
      for (const query of HOSTILE_QUERIES) await send(method, `${good}?${query}`, { headers: auth });
      if (method !== "GET" && method !== "DELETE") {
        for (const body of bodies) await send(method, good, { headers: auth, data: body });
      }
      // And without a credential, or with a malformed one.
      await send(method, good, { headers: { authorization: "Bearer gate_at_%00" } });
    }
  }

  // A server action posted from another site.
  await send("POST", `${web}/signin`, {
    headers: { origin: "https://evil.example", "next-action": "0".repeat(40), "content-type": "text/plain" },
    data: "[]",
  });

  // The gateway: every endpoint, bad paths, bad bodies, bad headers.
  const mcp = `${gateway}/${slug}/fx/mcp`;
  const keyed = {
    authorization: `Bearer ${agentKey}`,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  };
  for (const value of segments) {
    for (const path of [
      `/${value}/fx/mcp`,
      `/${slug}/${value}/mcp`,
      `/${slug}/fx/${value}`,
      `/${value}`,
      `/${slug}/${value}/sse`,
    ]) {
      await send("POST", `${gateway}${path}`, {
        headers: keyed,
        data: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      });
    }
  }
  for (const body of [
    ...bodies,
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a\\u0000"}}',
  ]) {
    for (const path of [
      mcp,
      `${gateway}/${slug}/mcp`,
      `${gateway}/${slug}/fx/oauth/mcp`,
      `${gateway}/${slug}/fx/messages?sessionId=%00`,
    ]) {
      await send("POST", path, { headers: keyed, data: body });
    }
  }
  for (const [name, value] of [
    ["mcp-session-id", "%00"],
    ["mcp-protocol-version", "9999-99-99"],
    ["last-event-id", "99999999999999999999"],
    ["accept", "%00"],
    ["content-type", "application/json; charset=%E0"],
  ] as const) {
    await send("POST", mcp, {
      headers: { ...keyed, [name]: value },
      data: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    });
    await send("GET", mcp, { headers: { ...keyed, [name]: value } });
    await send("DELETE", mcp, { headers: { ...keyed, [name]: value } });
  }

  // The answers that must be exactly so: a foreign server action is 403, a too-deep JSON body a client error
  // from the gateway itself (never passed upstream as "Upstream unavailable").
  const foreign = await request.post(`${web}/signin`, {
    headers: { origin: "https://evil.example", "next-action": "0".repeat(40), "content-type": "text/plain" },
    data: "[]",
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  const deep = await request.post(mcp, { headers: keyed, data: HOSTILE_BODIES[0] ?? "" });
  expect(deep.status()).toBeGreaterThanOrEqual(400);
  expect(deep.status()).toBeLessThan(500);
  expect(await deep.text()).not.toContain("Upstream unavailable");

  console.log(`fuzz: ${tried} requests tried, ${failures.length} answered 5xx or not at all`);
  expect(failures).toEqual([]);
  expect((await request.get(`${web}/signin`)).status()).toBe(200);
  expect((await request.get(`${gateway}/healthz`)).status()).toBe(200);
});
