/**
 * Filtering keeps every non-final page non-empty, as the upstream's own pages are: a client that reads one page of
 * tools/list (or of tasks/list) sees something through the gateway as it does directly, and paging on from the
 * cursor it is given reaches every visible item once. Our fixture upstream pages tools one at a time, and tasks ten.
 */
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  createTask,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
} from "./helpers/gateway.js";
import { seedServerAccount } from "./helpers/server-account.js";

/** Every page of tools/list, as a client paging through it sees them. */
async function toolPages(client: Client): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    pages.push(page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe("filtered lists keep their pages non-empty", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let url: URL;
  let key: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    [database, upstream] = await Promise.all([
      testDatabase(),
      startFixtureServer({ tools: basicTools(), pageSize: 1, tasks: "credential" }),
    ]);
    const seeded = await seedServerAccount(database.db, {
      slug: "fx",
      url: upstream.url,
      // Upstream order: echo, slow, headers, deploy — the first two pages hold nothing this agent may see.
      policy: { version: "1", default: "deny", tools: { headers: {}, deploy: {} } },
    });
    key = seeded.key;
    gw = await startGateway(database.url);
    url = mcpUrl(gw.base, seeded.account, "fx");
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("refills tools/list pages the policy empties; paging on reaches every visible tool once", async () => {
    const direct = new Client({ name: "direct", version: "1" });
    await direct.connect(new StreamableHTTPClientTransport(new URL(upstream.url)));
    const gated = await connectClient(url, key);
    clients.push(direct, gated);
    const directPages = await toolPages(direct);
    expect(directPages.every((page) => page.length > 0)).toBe(true);
    const pages = await toolPages(gated);
    expect(pages[0]).toEqual(["headers"]);
    expect(pages.slice(0, -1).every((page) => page.length > 0)).toBe(true);
    expect(pages.flat()).toEqual(["headers", "deploy"]);
  });

  it("refills tasks/list pages left empty by other sessions' tasks", async () => {
    const others = await connectClient(url, key);
    const mine = await connectClient(url, key);
    clients.push(others, mine);
    // The upstream binds tasks to the credential, so it lists all of them to every session: eleven of another
    // session's come first, on a page of ten of which this session may see none.
    for (let task = 0; task < 11; task += 1) await createTask(others, "headers", {});
    const own = await createTask(mine, "deploy", {});
    const first = await mine.experimental.tasks.listTasks();
    expect(first.tasks.map((task) => task.taskId)).toEqual([own]);
  }, 60_000);
});
