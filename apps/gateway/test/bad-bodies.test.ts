import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "../../../bench/fixtures/fixture-server.js";
import {
  connectClient,
  mcpUrl,
  postToSession,
  type RunningGateway,
  sessionIdOf,
  startGateway,
  testDatabase,
  textOf,
} from "./helpers/gateway.js";

// Bodies an agent gets wrong: each gets a clear JSON-RPC error, nothing reaches the upstream, and the session
// keeps working afterwards.
describe("malformed and oversized request bodies", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let url: URL;
  let key: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    const org = await seedOrganization(database.db);
    const server = await seedServer(database.db, { organizationId: org.id, slug: "fx", url: upstream.url });
    await seedPolicy(database.db, {
      serverId: server.id,
      document: { version: "1", default: "allow", tools: {} },
    });
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] }));
    gw = await startGateway(database.url);
    url = mcpUrl(gw.base, org.slug, "fx");
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("answers 413, 400 parse errors and invalid JSON-RPC clearly, and the session goes on", async () => {
    const client = await connectClient(url, key);
    const sessionId = sessionIdOf(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "warm" } }))).toBe("warm");
    await new Promise((resolve) => setTimeout(resolve, 200)); // the upstream's GET stream opens after initialize
    const upstreamRequests = upstream.requests.length;
    const post = (body: string) => postToSession(url, key, sessionId, body);
    const message = { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "echo" } };

    const huge = JSON.stringify({
      ...message,
      params: { name: "echo", arguments: { message: "x".repeat(5e6) } },
    });
    const tooLarge = await post(huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32600, message: "Request body too large" },
      id: null,
    });

    const notJson = await post("{ not json");
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: number } }).error.code).toBe(-32700);

    const nullId = await post(JSON.stringify({ ...message, id: null }));
    expect(nullId.status).toBe(400);
    expect(await nullId.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: -32700, message: "Parse error: Invalid JSON-RPC message" },
      id: null,
    });

    expect(upstream.requests.length).toBe(upstreamRequests);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "still here" } }))).toBe(
      "still here",
    );
    await client.close();
  });
});
