/**
 * In the legacy HTTP+SSE protocol a session lives as long as its event stream. When the stream to the upstream
 * breaks, the SDK's EventSource would reconnect into a new upstream session that was never initialized; the
 * gateway ends the agent's session instead, as for an upstream that restarted: what is in flight is answered,
 * the next request gets 404, and a new session works.
 */
import type { TestDatabase } from "@gatehouse/db/testing";
import { type SpawnedServer, spawnEverything } from "@gatehouse/test-fixtures/spawn-server.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  startGateway,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { seedServerAccount } from "./helpers/server-account.js";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.js";

describe("a legacy SSE upstream whose event stream breaks", () => {
  let database: TestDatabase;
  let everything: SpawnedServer;
  let proxy: TcpProxy;
  let gw: RunningGateway;
  let account: string;
  let key: string;

  beforeAll(async () => {
    [database, everything] = await Promise.all([testDatabase(), spawnEverything("sse")]);
    const target = new URL(everything.url);
    proxy = await startTcpProxy("127.0.0.1", Number(target.port));
    target.port = String(proxy.port);
    ({ account, key } = await seedServerAccount(database.db, {
      slug: "ev-sse",
      url: target.toString(),
      transport: "sse",
      policy: { version: "1", default: "allow" },
    }));
    gw = await startGateway(database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await proxy?.close();
    await everything?.stop();
    await database?.close();
  });

  it("ends the agent's session: the call in flight is answered, then 404, and a new session works", async () => {
    const url = mcpUrl(gw.base, account, "ev-sse");
    const client = await connectClient(url, key);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "before" } }))).toBe(
      "Echo: before",
    );
    const long = client.callTool(
      { name: "trigger-long-running-operation", arguments: { duration: 3, steps: 3 } },
      undefined,
      { timeout: 15_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.cut(); // the event stream breaks; the upstream is reachable again at once, as after a network blip
    proxy.restore();
    await expect(long).rejects.toThrow("Upstream unavailable: the upstream connection closed");
    await waitFor(() => gw.gateway.sessions.size === 0);
    const next = await client
      .callTool({ name: "echo", arguments: { message: "again" } })
      .catch((error: unknown) => error);
    expect(next).toBeInstanceOf(StreamableHTTPError);
    expect((next as StreamableHTTPError).code).toBe(404);
    await client.close();
    const fresh = await connectClient(url, key);
    expect(textOf(await fresh.callTool({ name: "echo", arguments: { message: "new" } }))).toBe("Echo: new");
    await fresh.close();
  }, 30_000);
});
