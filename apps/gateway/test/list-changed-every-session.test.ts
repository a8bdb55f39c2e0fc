/**
 * notifications/tools/list_changed reaches every session whose tools changed, whether or not it listed them: so does
 * an SDK McpServer directly (a tool enabled), and so does the gateway after a publish changes what an agent may see.
 * A session whose visible tools did not change (another server of the account) is not told.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { toolDefinitionHash } from "@gatehouse/policy/hash";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer, type RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  waitFor,
} from "./helpers/gateway.js";

/** Counts the list_changed notifications a client receives. */
function countChanges(client: Client): { count: number } {
  const seen = { count: 0 };
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    seen.count += 1;
  });
  return seen;
}

/** A real McpServer per session over Streamable HTTP, whose tool "extra" starts disabled. */
async function startSwitchableServer() {
  const extras: RegisteredTool[] = [];
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const http: HttpServer = createServer((req, res) => {
    const id = req.headers["mcp-session-id"];
    const known = typeof id === "string" ? transports.get(id) : undefined;
    if (known) return void known.handleRequest(req, res);
    const server = new McpServer({ name: "switchable", version: "1" });
    server.registerTool("base", { description: "always there" }, () => ({ content: [] }));
    const extra = server.registerTool("extra", { description: "switched on later" }, () => ({ content: [] }));
    extra.disable();
    extras.push(extra);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      onsessioninitialized: (sessionId) => void transports.set(sessionId, transport),
    });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    enableExtra: () => {
      for (const extra of extras) extra.enable();
    },
    close: () => {
      http.closeAllConnections();
      return new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

describe("tools/list_changed reaches every session whose tools changed", () => {
  let database: TestDatabase;
  let fixture: RunningFixture;
  let switchable: Awaited<ReturnType<typeof startSwitchableServer>>;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  let serverId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    [database, fixture, switchable] = await Promise.all([
      testDatabase(),
      startFixtureServer({ tools: basicTools() }),
      startSwitchableServer(),
    ]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const servers = [
      await seedServer(database.db, { organizationId: org.id, slug: "fx", url: fixture.url }),
      await seedServer(database.db, { organizationId: org.id, slug: "other", url: fixture.url }),
    ];
    serverId = servers[0]?.id ?? "";
    for (const server of servers) {
      await seedPolicy(database.db, {
        serverId: server.id,
        document: { version: "1", default: "deny", tools: { echo: {} } },
      });
      // The catalogue, as the dashboard's discovery fills it.
      for (const tool of basicTools())
        await database.db.tool.create({
          data: {
            organizationId: org.id,
            serverId: server.id,
            name: tool.definition.name,
            description: tool.definition.description ?? null,
            inputSchema: tool.definition.inputSchema as object,
            definitionHash: toolDefinitionHash(tool.definition),
            riskCategory: "Read",
            riskLevel: "low",
          },
        });
    }
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: servers.map((s) => s.id) }));
    gw = await startGateway(database.url);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gw?.stop();
    await switchable?.close();
    await fixture?.close();
    await database?.close();
  });

  it("directly: an McpServer tells a session that never listed tools as well as one that did", async () => {
    const connect = async () => {
      const client = new Client({ name: "direct", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(switchable.url)));
      clients.push(client);
      return client;
    };
    const [listed, silent] = [await connect(), await connect()];
    const [listedSeen, silentSeen] = [countChanges(listed), countChanges(silent)];
    await listed.listTools();
    switchable.enableExtra();
    await waitFor(() => (listedSeen.count > 0 && silentSeen.count > 0) || undefined, 10_000);
  });

  it("through the gateway: a publish reaches sessions that listed tools and sessions that did not", async () => {
    const open = async (server: string) => {
      const client = await connectClient(mcpUrl(gw.base, account, server), key);
      clients.push(client);
      return client;
    };
    const [listed, silent, elsewhere] = [await open("fx"), await open("fx"), await open("other")];
    const [listedSeen, silentSeen, elsewhereSeen] = [listed, silent, elsewhere].map(countChanges);
    expect((await listed.listTools()).tools.map((tool) => tool.name)).toEqual(["echo"]);
    await elsewhere.listTools();
    await seedPolicy(database.db, {
      serverId,
      document: { version: "1", default: "deny", tools: { echo: {}, slow: {} } },
    });
    await waitFor(() => (listedSeen?.count && silentSeen?.count ? true : undefined), 15_000);
    expect((await silent.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "slow"]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // time enough for a stray notification
    expect(elsewhereSeen?.count).toBe(0);
  }, 60_000);
});
