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
  waitFor,
} from "./helpers/gateway.js";

// A request method sent without an id is a JSON-RPC notification: it gets no answer, so the gateway cannot
// answer a refusal either — but it must never reach the upstream undecided (a tools/call the policy denies).
describe("request methods sent without an id", () => {
  let database: TestDatabase;
  let upstream: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let orgId: string;
  let key: string;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    orgId = org.id;
    const server = await seedServer(database.db, { organizationId: org.id, slug: "fx", url: upstream.url });
    await seedPolicy(database.db, {
      serverId: server.id,
      document: { version: "1", default: "deny", tools: { echo: {}, deploy: { action: "deny" } } },
    });
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] }));
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  it("never forwards them upstream, answers nothing, and audits them as denied", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    const sessionId = sessionIdOf(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "warm" } }))).toBe("warm");
    const upstreamRequests = upstream.requests.length;
    const post = (body: unknown) => postToSession(mcpUrl(gw.base, account, "fx"), key, sessionId, body);
    for (const name of ["deploy", "echo"]) {
      const response = await post({
        jsonrpc: "2.0",
        method: "tools/call",
        params: { name, arguments: { name: "prod", message: "sneaky" } },
      });
      expect(response.status).toBe(202);
      expect(await response.text()).toBe("");
    }
    expect((await post({ jsonrpc: "2.0", method: "resources/read", params: { uri: "x" } })).status).toBe(202);
    // A real notification still passes (the upstream sees one more request for it).
    expect((await post({ jsonrpc: "2.0", method: "notifications/roots/list_changed" })).status).toBe(202);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(upstream.requests.length).toBe(upstreamRequests + 1);
    expect(upstream.calls).toEqual(["echo"]);
    const denied = await waitFor(async () => {
      const events = await database.db.auditEvent.findMany({
        where: { organizationId: orgId, decision: "denied", sessionId },
        orderBy: { createdAt: "asc" },
      });
      return events.length >= 3 ? events : undefined;
    });
    expect(denied.map((event) => [event.method, event.tool])).toEqual([
      ["tools/call", "deploy"],
      ["tools/call", "echo"],
      ["resources/read", null],
    ]);
    expect(denied[0]?.reason).toMatch(/without an id/);
    expect(denied[0]?.argumentKeys).toEqual(["name", "message"]);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "after" } }))).toBe("after");
    await client.close();
  });
});
