/**
 * An agent whose connection breaks in the middle of a call resumes the stream (GET with Last-Event-ID) and gets
 * every message it missed, once, and the rest of the stream: for a long call with progress (server-everything),
 * and for a call that has sent nothing yet (the priming event).
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, sessionIdOf, startGateway, testDatabase, textOf } from "./helpers/gateway.js";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.js";

const ALLOW_ALL = { version: "1", default: "allow" };

describe("resuming a broken stream", () => {
  let database: TestDatabase;
  let everything: SpawnedServer;
  let fixture: RunningFixture;
  let gw: RunningGateway;
  let account: string;
  let key: string;
  const proxies: TcpProxy[] = [];
  const clients: Client[] = [];

  /** A client whose connection runs through a proxy the test can cut; it retries a resume every 100 ms. */
  async function connectThroughProxy(target: URL): Promise<{ client: Client; proxy: TcpProxy }> {
    const proxy = await startTcpProxy("127.0.0.1", Number(target.port));
    proxies.push(proxy);
    const url = new URL(target);
    url.port = String(proxy.port);
    const client = new Client({ name: "gatehouse-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
        reconnectionOptions: {
          initialReconnectionDelay: 100,
          maxReconnectionDelay: 200,
          reconnectionDelayGrowFactor: 1,
          maxRetries: 20,
        },
      }),
    );
    clients.push(client);
    return { client, proxy };
  }

  /** Cuts the agent's connection, and lets it connect again a moment later. */
  function blip(proxy: TcpProxy): void {
    proxy.cut();
    setTimeout(() => proxy.restore(), 300);
  }

  beforeAll(async () => {
    [database, everything, fixture] = await Promise.all([
      testDatabase(),
      spawnEverything("streamableHttp"),
      startFixtureServer({ tools: basicTools() }),
    ]);
    const org = await seedOrganization(database.db);
    account = org.slug;
    const servers = [];
    for (const [slug, url] of [
      ["everything", everything.url],
      ["fx", fixture.url],
    ] as const) {
      const server = await seedServer(database.db, { organizationId: org.id, slug, url });
      await seedPolicy(database.db, { serverId: server.id, document: ALLOW_ALL });
      servers.push(server.id);
    }
    ({ key } = await seedAgent(database.db, { organizationId: org.id, serverIds: servers }));
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await gw?.stop();
    await everything?.stop();
    await fixture?.close();
    await database?.close();
  });

  /** A long call with progress, whose connection breaks after the second progress notification. */
  async function longCallWithBlip(target: URL) {
    const { client, proxy } = await connectThroughProxy(target);
    const progress: number[] = [];
    const result = await client.callTool(
      { name: "trigger-long-running-operation", arguments: { duration: 2, steps: 8 } },
      undefined,
      {
        timeout: 20_000,
        onprogress: ({ progress: step }) => {
          progress.push(step);
          if (progress.length === 2) blip(proxy);
        },
      },
    );
    return { text: textOf(result), progress };
  }

  it("gets every progress notification of a long call once, and its result", async () => {
    const { text, progress } = await longCallWithBlip(new URL(`${gw.base}/${account}/everything/mcp`));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(text).toBe("Long running operation completed. Duration: 2 seconds, Steps: 8.");
  }, 30_000);

  it("resumes a call that had sent nothing yet when the connection broke (the priming event)", async () => {
    const { client, proxy } = await connectThroughProxy(new URL(`${gw.base}/${account}/fx/mcp`));
    const call = client.callTool({ name: "slow", arguments: { ms: 2500 } }, undefined, { timeout: 20_000 });
    setTimeout(() => blip(proxy), 1500); // after the priming event (1 s), before the answer
    expect(textOf(await call)).toBe("done");
    expect(fixture.calls.filter((name) => name === "slow")).toHaveLength(1); // resumed, not sent again
  }, 30_000);

  it("refuses a Last-Event-ID it never gave, and a second connection to a stream that has one", async () => {
    const { client } = await connectThroughProxy(new URL(`${gw.base}/${account}/fx/mcp`));
    const url = new URL(`${gw.base}/${account}/fx/mcp`);
    const sessionId = sessionIdOf(client);
    const resume = (lastEventId: string) =>
      fetch(url, {
        headers: {
          authorization: `Bearer ${key}`,
          accept: "text/event-stream",
          "mcp-session-id": sessionId,
          "last-event-id": lastEventId,
        },
      });
    const unknown = await resume("post-999999.3");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { message: expect.stringContaining("Last-Event-ID") },
    });

    // A call whose stream is open: resuming it elsewhere would split its answers between two connections.
    const open = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 77,
        method: "tools/call",
        params: { name: "slow", arguments: { ms: 3000 } },
      }),
    });
    const reader = open.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    const id = /^id: (.+)$/m.exec(first)?.[1];
    expect(id).toBeDefined();
    expect((await resume(id ?? "")).status).toBe(409);
    await reader?.cancel();
  }, 30_000);
});
