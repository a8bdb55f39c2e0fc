import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { cloudstackTools, startCloudstackDouble } from "@gatehouse/test-fixtures/cloudstack-double.js";
import type { RunningFixture } from "@gatehouse/test-fixtures/fixture-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
} from "./helpers/gateway.js";

/** The reference page's policy for list_async_jobs, verbatim. */
const REFERENCE_POLICY = { version: "1", default: "deny", tools: { list_async_jobs: {} } };

async function listEveryPage(client: Client): Promise<{ tools: Tool[]; pages: number[] }> {
  const tools: Tool[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
    pages.push(page.tools.length);
  } while (cursor && pages.length < 20);
  return { tools, pages };
}

describe("a CloudStack MCP server double behind the reference page's policy", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let client: Client;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startCloudstackDouble()]);
    const org = await seedOrganization(database.db);
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "cloudstack",
      url: upstream.url,
    });
    await seedPolicy(database.db, { serverId: server.id, document: REFERENCE_POLICY });
    const { key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] });
    gw = await startGateway(database.url);
    client = await connectClient(mcpUrl(gw.base, org.slug, "cloudstack"), key);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("serves the real server's 45 tools upstream", () => {
    expect(cloudstackTools()).toHaveLength(45);
  });

  it("shows the agent list_async_jobs only, across every page, with its schema untouched", async () => {
    const { tools, pages } = await listEveryPage(client);
    // The upstream's five pages of ten, refilled: the first page holds the one visible tool, none is empty but the last.
    expect(pages[0]).toBe(1);
    expect(pages.slice(0, -1).every((size) => size > 0)).toBe(true);
    expect(tools.map((tool) => tool.name)).toEqual(["list_async_jobs"]);
    const original = cloudstackTools().find((tool) => tool.name === "list_async_jobs");
    expect(tools[0]).toEqual(original);
  });

  it("lets list_async_jobs through and answers every other tool as unknown, never reaching the server", async () => {
    const result = await client.callTool({ name: "list_async_jobs", arguments: {} });
    expect(textOf(result)).toContain("listasyncjobsresponse");
    for (const tool of cloudstackTools()) {
      if (tool.name === "list_async_jobs") continue;
      await expect(client.callTool({ name: tool.name, arguments: {} })).rejects.toThrow(
        `Unknown tool: ${tool.name}`,
      );
    }
    expect(upstream.calls).toEqual(["list_async_jobs"]);
  });
});
