/**
 * While the configuration store is down, the gateway keeps serving the accounts it holds, and its refusals do not
 * tell which accounts those are: every refusal that would be a 401 is a 503, as it must be for an account it never
 * loaded.
 */
import { seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import {
  connectClient,
  INITIALIZE_REQUEST,
  mcpUrl,
  type RunningGateway,
  startGateway,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { startTcpProxy, type TcpProxy, viaProxy } from "./helpers/tcp-proxy.js";

describe("refusals while the configuration store is down", () => {
  let fx: FixtureAccount;
  let proxy: TcpProxy;
  let gw: RunningGateway;
  let coldAccount: string;

  /** Status and body of an initialize with `key` on /{account}/{server}/mcp. */
  async function initialize(account: string, key: string, server = fx.server) {
    const response = await fetch(mcpUrl(gw.base, account, server), {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify(INITIALIZE_REQUEST),
    });
    return { status: response.status, body: await response.text() };
  }

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow" });
    const cold = await seedOrganization(fx.database.db);
    coldAccount = cold.slug;
    const server = await seedServer(fx.database.db, {
      organizationId: cold.id,
      slug: "fx",
      url: fx.upstream.url,
    });
    await seedPolicy(fx.database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    const target = new URL(fx.database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    gw = await startGateway(viaProxy(fx.database.url, proxy), { configPollMs: 50 });
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await proxy?.close();
    await fx?.close();
  });

  it("answers a wrong key for a loaded account exactly as it answers any account it cannot load", async () => {
    const client = await connectClient(mcpUrl(gw.base, fx.account, fx.server), fx.key);
    expect((await initialize(fx.account, "gate_ak_wrong")).status).toBe(401);

    proxy.cut();
    await waitFor(() => gw.gateway.accounts.storeDown, 5000);
    // The loaded account's agent goes on working.
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "still" } }))).toBe("still");

    const answers = [
      await initialize(fx.account, "gate_ak_wrong"), // loaded account, wrong key
      await initialize(fx.account, fx.key, "no-such-server"), // loaded account, unknown server
      await initialize(coldAccount, "gate_ak_wrong"), // an account this replica never loaded
      await initialize("no-such-account", "gate_ak_wrong"),
    ];
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(503);
    expect(JSON.parse(answers[0]?.body ?? "")).toMatchObject({
      error: { message: "Gateway temporarily unavailable" },
    });

    proxy.restore();
    await waitFor(() => !gw.gateway.accounts.storeDown, 5000);
    expect((await initialize(fx.account, "gate_ak_wrong")).status).toBe(401);
    expect((await initialize(coldAccount, "gate_ak_wrong")).status).toBe(401);
    await client.close();
  }, 30_000);
});
