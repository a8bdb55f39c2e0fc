import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

// An agent should not be able to tell the gateway is there: a server that answers POSTs with plain JSON is
// answered with plain JSON through the gateway too, and an SSE server with SSE.
describe("the gateway answers in the upstream's format", () => {
  let database: TestDatabase;
  let jsonUpstream: RunningFixture;
  let sseUpstream: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let key: string;

  beforeAll(async () => {
    [database, jsonUpstream, sseUpstream] = await Promise.all([
      testDatabase(),
      startFixtureServer({ tools: basicTools(), jsonResponses: true }),
      startFixtureServer({ tools: basicTools() }),
    ]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const servers = [];
    for (const [slug, upstream] of [
      ["json", jsonUpstream],
      ["sse", sseUpstream],
    ] as const) {
      const server = await seedServer(database.db, { organizationId: org.id, slug, url: upstream.url });
      await seedPolicy(database.db, {
        serverId: server.id,
        document: { version: "1", default: "allow", tools: { headers: { action: "deny" } } },
      });
      servers.push(server.id);
    }
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: servers }));
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await jsonUpstream?.close();
    await sseUpstream?.close();
    await database?.close();
  });

  async function callRaw(slug: string, name: string) {
    const url = mcpUrl(gw.base, account, slug);
    const client = await connectClient(url, key);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "sdk" } }))).toBe("sdk");
    const sessionId = sessionIdOf(client);
    const response = await postToSession(url, key, sessionId, {
      jsonrpc: "2.0",
      id: 9,
      method: "tools/call",
      params: { name, arguments: { message: "raw" } },
    });
    const result = {
      type: response.headers.get("content-type"),
      session: response.headers.get("mcp-session-id"),
      body: await response.text(),
      sessionId,
    };
    await client.close();
    return result;
  }

  it("answers plain JSON where the upstream did, with the session header", async () => {
    const answer = await callRaw("json", "echo");
    expect(answer.type).toBe("application/json");
    expect(answer.session).toBe(answer.sessionId);
    expect(JSON.parse(answer.body)).toEqual({
      jsonrpc: "2.0",
      id: 9,
      result: { content: [{ type: "text", text: "raw" }] },
    });
  });

  it("answers with SSE where the upstream did", async () => {
    const answer = await callRaw("sse", "echo");
    expect(answer.type).toBe("text/event-stream");
    // The gateway's streams are resumable, so the event has an id (stream-log.ts).
    expect(answer.body).toMatch(/^event: message\nid: post-\d+\.1\ndata: /);
    expect(answer.body.replace(/^id: .*\n/m, "")).toBe(
      `event: message\ndata: ${JSON.stringify({ result: { content: [{ type: "text", text: "raw" }] }, jsonrpc: "2.0", id: 9 })}\n\n`,
    );
  });

  it("answers its own refusals as it always did (SSE), whatever the upstream's format", async () => {
    const answer = await callRaw("json", "headers");
    expect(answer.type).toBe("text/event-stream");
    expect(answer.body).toContain("isError");
  });
});
