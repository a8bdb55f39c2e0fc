// A key created a moment ago works on its first call on a replica that already holds the account, without waiting
// for the change feed (here: a feed polled once a minute), and an unknown key still gets the same 401, with its
// store lookups bounded.
import { generateAgentKey } from "@gatehouse/db/secrets";
import { seedAgent, seedOrganization, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyLookup } from "../src/config/key-lookup.js";
import { connectClient, mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

let database: TestDatabase;
let upstream: RunningFixture;
let gw: RunningGateway;

beforeAll(async () => {
  database = await testDatabase();
  upstream = await startFixtureServer({ tools: basicTools() });
  gw = await startGateway(database.url, { configPollMs: 60_000 });
});
afterAll(async () => {
  await gw?.stop();
  await upstream?.close();
  await database?.close();
});

describe("a new key", () => {
  it("is accepted on its first call while the account is cached", async () => {
    const org = await seedOrganization(database.db, { slug: `newkey-${Date.now()}` });
    const server = await seedServer(database.db, { organizationId: org.id, url: upstream.url, slug: "fx" });
    const { agent, key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] });
    const url = mcpUrl(gw.base, org.slug, "fx");
    const first = await connectClient(url, key);
    await first.close();

    // A second key for the agent, made as the dashboard makes one, and used at once.
    const credential = generateAgentKey();
    await database.db.agentKey.create({
      data: {
        organizationId: org.id,
        agentId: agent.id,
        prefix: credential.prefix,
        keyHash: credential.hash,
      },
    });
    const second = await connectClient(url, credential.value);
    await expect(second.ping()).resolves.toBeDefined();
    await second.close();

    const unknown = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${generateAgentKey().value}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(unknown.status).toBe(401);
  });

  it("looks a hash up at most once a minute, and the store at most N times a second", async () => {
    let queries = 0;
    const db = {
      query: async () => {
        queries += 1;
        return { rows: [] };
      },
    } as unknown as ConstructorParameters<typeof KeyLookup>[0];
    let now = 1_000_000;
    const lookup = new KeyLookup(db, 5, () => now);
    expect(await lookup.exists("org", "hash-1")).toBe(false);
    expect(await lookup.exists("org", "hash-1")).toBe(false);
    expect(queries).toBe(1);
    for (let index = 0; index < 20; index++) await lookup.exists("org", `other-${index}`);
    expect(queries).toBe(5);
    now += 1000;
    await lookup.exists("org", "another");
    expect(queries).toBe(6);
  });
});
