// "Upstream unavailable" tells the agent what kind of failure it was and the upstream's status, never the
// upstream's redirect target or error body (an internal address, a token in a URL, a stack trace).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { seedAgent, seedOrganization, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, mcpUrl, type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

const SECRET = "internal-secret-7f3a";
let database: TestDatabase;
let gw: RunningGateway;
let upstream: Server;
let url = "";

/** An upstream that initializes, then answers a ping with a redirect and a tool list with a 500 and a body. */
function startBrokenUpstream(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const message = JSON.parse(body || "{}") as { id?: number; method?: string };
      if (message.method === "initialize") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: message.id,
            result: {
              protocolVersion: "2025-06-18",
              capabilities: { tools: {} },
              serverInfo: { name: "b", version: "1" },
            },
          }),
        );
      } else if (message.id === undefined) {
        response.writeHead(202).end();
      } else if (message.method === "ping") {
        response.writeHead(302, { location: `http://169.254.169.254/latest/${SECRET}` }).end();
      } else {
        response.writeHead(500, { "content-type": "text/plain" }).end(`stack trace with ${SECRET}`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  database = await testDatabase();
  upstream = await startBrokenUpstream();
  gw = await startGateway(database.url);
  const org = await seedOrganization(database.db, { slug: `broken-${Date.now()}` });
  const port = (upstream.address() as AddressInfo).port;
  const server = await seedServer(database.db, {
    organizationId: org.id,
    url: `http://127.0.0.1:${port}/mcp`,
    slug: "b",
  });
  const { key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] });
  url = key;
  process.env.BROKEN_ACCOUNT = org.slug;
});
afterAll(async () => {
  await gw?.stop();
  await new Promise((resolve) => upstream?.close(resolve));
  await database?.close();
});

describe("Upstream unavailable", () => {
  it("passes neither a redirect's target nor an error body to the agent", async () => {
    const client = await connectClient(mcpUrl(gw.base, process.env.BROKEN_ACCOUNT ?? "", "b"), url);
    const redirect = await client.ping().catch((error: unknown) => String(error));
    expect(redirect).toMatch(/Upstream unavailable/);
    expect(redirect).not.toContain(SECRET);
    expect(redirect).not.toContain("169.254");
    const failed = await client
      .request(
        { method: "resources/list" },
        (await import("@modelcontextprotocol/sdk/types.js")).ListResourcesResultSchema,
      )
      .catch((error: unknown) => String(error));
    expect(failed).toMatch(/Upstream unavailable/);
    expect(failed).not.toContain(SECRET);
    await client.close();
  });
});
