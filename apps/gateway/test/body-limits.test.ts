/**
 * How large a request may be: GATEWAY_MAX_BODY_BYTES for a server over HTTP, and for a stdio server — which takes
 * any size from a direct client — GATEWAY_STDIO_MAX_BODY_BYTES (32 MB by default), so a call a direct stdio client
 * makes passes the gateway too. Real server-everything over stdio, direct and through the gateway.
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { everythingEntry } from "@gatehouse/test-fixtures/spawn-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
} from "./helpers/gateway.js";

const MB = 1024 * 1024;

describe("request body limits", () => {
  let database: TestDatabase;
  let fixture: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    [database, fixture] = await Promise.all([testDatabase(), startFixtureServer({ tools: basicTools() })]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const http = await seedServer(database.db, { organizationId: org.id, slug: "fx", url: fixture.url });
    const stdio = await database.db.server.create({
      data: {
        organizationId: org.id,
        name: "everything stdio",
        slug: "ev-stdio",
        transport: "stdio",
        command: process.execPath,
        args: [everythingEntry(), "stdio"],
      },
    });
    for (const server of [http, stdio])
      await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: [http.id, stdio.id] }));
    gw = await startGateway(database.url, { maxBodyBytes: 1 * MB });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gw?.stop();
    await fixture?.close();
    await database?.close();
  });

  it("refuses a body over GATEWAY_MAX_BODY_BYTES for a server over HTTP, and takes one under it", async () => {
    const client = await connectClient(mcpUrl(gw.base, account, "fx"), key);
    clients.push(client);
    const under = "u".repeat(0.9 * MB);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: under } }))).toBe(under);
    await expect(
      client.callTool({ name: "echo", arguments: { message: "o".repeat(1.1 * MB) } }),
    ).rejects.toThrow(/413|Request body too large/);
  });

  it("takes as large a call for a stdio server as the server takes directly", async () => {
    const message = "s".repeat(6 * MB);
    const direct = new Client({ name: "direct", version: "1" });
    clients.push(direct);
    await direct.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [everythingEntry(), "stdio"],
        stderr: "ignore",
      }),
    );
    const gated = await connectClient(mcpUrl(gw.base, account, "ev-stdio"), key);
    clients.push(gated);
    const straight = await direct.callTool({ name: "echo", arguments: { message } });
    expect(textOf(straight)).toContain(message);
    expect(await gated.callTool({ name: "echo", arguments: { message } })).toEqual(straight);
  }, 60_000);
});
