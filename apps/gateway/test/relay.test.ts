import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
} from "./helpers/gateway.js";

const POLICY = {
  version: "1",
  default: "deny",
  hide: ["get-env"],
  tools: {
    echo: {},
    "get-sum": { rate_limit: { max: 2, window: 3600 } },
    "get-tiny-image": { action: "deny", reason: "no images today" },
    "trigger-long-running-operation": {},
  },
};

describe("the relay against server-everything over Streamable HTTP", () => {
  let database: TestDatabase;
  let upstream: SpawnedServer;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  let client: Client;

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), spawnEverything("streamableHttp")]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const server = await seedServer(database.db, {
      organizationId: org.id,
      slug: "everything",
      url: upstream.url,
    });
    await seedPolicy(database.db, { serverId: server.id, document: POLICY });
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [server.id] }));
    gw = await startGateway(database.url);
    client = await connectClient(mcpUrl(gw.base, account, "everything"), key);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await upstream?.stop();
    await database?.close();
  });

  it("passes the upstream's identity through and adds tools.listChanged", () => {
    expect(client.getServerVersion()?.name).toMatch(/everything/i);
    expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
  });

  it("lists only the tools the policy lets the agent see, in upstream order", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      ["echo", "get-sum", "get-tiny-image", "trigger-long-running-operation"].filter((n) =>
        names.includes(n),
      ),
    );
    expect(names).toContain("echo");
    expect(names).not.toContain("get-env");
  });

  it("forwards an allowed call and returns the upstream's real result", async () => {
    const result = await client.callTool({ name: "echo", arguments: { message: "hello" } });
    expect(textOf(result)).toContain("hello");
    expect(result.isError).toBeFalsy();
  });

  it("answers a hidden or default-denied tool as the upstream answers a tool it does not have", async () => {
    for (const name of ["get-env", "trigger-sampling-request"]) {
      const answer = await client.callTool({ name, arguments: {} });
      expect(answer.isError).toBe(true);
      expect(textOf(answer)).toBe(`MCP error -32602: Tool ${name} not found`);
    }
  });

  it("refuses a denied call with the policy's reason and a machine-readable decision", async () => {
    const result = await client.callTool({ name: "get-tiny-image", arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Denied by policy: no images today");
    expect(result._meta?.["gatehouse/decision"]).toMatchObject({
      decision: "denied",
      rule: "/tools/get-tiny-image",
      reason: "no images today",
    });
  });

  it("rate-limits per session and says when to retry", async () => {
    for (let i = 0; i < 2; i += 1) {
      const ok = await client.callTool({ name: "get-sum", arguments: { a: 1, b: i } });
      expect(ok.isError).toBeFalsy();
    }
    const limited = await client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } });
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toMatch(/^Rate limit exceeded: 2 calls per 3600 s; retry in \d+ s$/);
    expect(limited._meta?.["gatehouse/decision"]).toMatchObject({ decision: "rate_limited" });
  });

  it("relays progress notifications of a long-running tool", async () => {
    const progress: number[] = [];
    const result = await client.callTool(
      { name: "trigger-long-running-operation", arguments: { duration: 1, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it("passes resources, prompts and ping through untouched", async () => {
    const resources = await client.listResources();
    expect(resources.resources.length).toBeGreaterThan(0);
    const first = resources.resources[0]!;
    const read = await client.readResource({ uri: first.uri });
    expect(read.contents.length).toBeGreaterThan(0);
    const prompts = await client.listPrompts();
    expect(prompts.prompts.length).toBeGreaterThan(0);
    await expect(client.ping()).resolves.toBeDefined();
  });
});
