/**
 * An upstream without tools: the gateway adds `tools.listChanged` only where the upstream offers `tools`, so a client
 * sees the same capabilities (and the same "Method not found" for tools/list) directly and through the gateway.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { ListToolsResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

/** A real SDK server (stateless Streamable HTTP) offering one resource and no tools. */
async function startResourceOnlyServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http: HttpServer = createServer((req, res) => {
    const server = new McpServer({ name: "resources-only", version: "1.0.0" });
    server.registerResource("readme", "memo://readme", { mimeType: "text/plain" }, async (uri) => ({
      contents: [{ uri: uri.href, text: "hello" }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

describe("an upstream without tools", () => {
  let database: TestDatabase;
  let upstream: Awaited<ReturnType<typeof startResourceOnlyServer>>;
  let gw: RunningGateway;
  let account: string;
  let key: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startResourceOnlyServer()]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const server = await seedServer(database.db, { organizationId: org.id, slug: "docs", url: upstream.url });
    await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    key = (await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] })).key;
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("gains no tools capability and answers tools/list as the upstream does", async () => {
    const direct = new Client({ name: "direct", version: "1" });
    await direct.connect(new StreamableHTTPClientTransport(new URL(upstream.url)));
    const gated = await connectClient(mcpUrl(gw.base, account, "docs"), key);
    try {
      expect(direct.getServerCapabilities()?.tools).toBeUndefined();
      expect(gated.getServerCapabilities()).toEqual(direct.getServerCapabilities());
      const failure = async (client: Client) =>
        client.request({ method: "tools/list", params: {} }, ListToolsResultSchema).then(
          () => "answered",
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
      expect(await failure(gated)).toBe(await failure(direct));
      expect(await gated.listResources()).toEqual(await direct.listResources());
    } finally {
      await direct.close();
      await gated.close();
    }
  });
});
