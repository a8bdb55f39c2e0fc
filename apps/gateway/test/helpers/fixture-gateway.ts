/**
 * The harness most gateway test files share: `withFixtureGateway(policy)` registers the suite's beforeAll and
 * afterAll, which seed a fresh database with one account behind our fixture server (`seedFixtureAccount`), start an
 * in-process gateway on it and, at the end, close every SDK client it connected, the gateway, the upstream and the
 * database. Its fields are those of the running set-up, readable from inside the tests.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll } from "vitest";
import type { GatewayConfig } from "../../src/config/gateway-config.js";
import { type FixtureAccount, seedFixtureAccount } from "./fixture-account.js";
import { connectClient, mcpUrl, type RunningGateway, startGateway } from "./gateway.js";

export interface FixtureGateway extends FixtureAccount {
  gw: RunningGateway;
  /** The fixture server's URL through the gateway. */
  url: URL;
  /**
   * An SDK client through the gateway, with the agent's key unless `key` is given (`null`: none), on the fixture
   * server unless `server` names another of the account's; closed when the suite ends.
   */
  connect(options?: ConnectOptions): Promise<Client>;
}

export interface ConnectOptions {
  key?: string | null;
  server?: string;
  sse?: boolean;
  capabilities?: Record<string, unknown>;
}

export interface FixtureGatewayOptions extends NonNullable<Parameters<typeof seedFixtureAccount>[1]> {
  /** What the test's gateway sets otherwise than testConfig. */
  gateway?: Partial<GatewayConfig>;
  /** Seeds what else the suite needs, before the gateway starts (its first load sees it). */
  seed?(fx: FixtureAccount): Promise<unknown>;
}

export function withFixtureGateway(policy: unknown, options: FixtureGatewayOptions = {}): FixtureGateway {
  const { gateway: overrides, seed, ...account } = options;
  // Filled in as the suite starts: the account's fields once seeded (so `seed` may read them), the rest once the
  // gateway listens.
  const ready: Partial<FixtureGateway> = {};
  const clients: Client[] = [];

  beforeAll(async () => {
    const fx = await seedFixtureAccount(policy, account);
    Object.assign(ready, fx);
    await seed?.(fx);
    const gw = await startGateway(fx.database.url, overrides);
    ready.gw = gw;
    ready.url = mcpUrl(gw.base, fx.account, fx.server);
    ready.connect = async ({ key, server, sse, capabilities } = {}) => {
      const url = mcpUrl(gw.base, fx.account, server ?? fx.server, sse ? "sse" : "mcp");
      const client = await connectClient(url, key === undefined ? fx.key : (key ?? undefined), {
        ...(sse ? { sse } : {}),
        ...(capabilities ? { capabilities } : {}),
      });
      clients.push(client);
      return client;
    };
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await ready.gw?.stop();
    await ready.close?.();
  });

  // A field read before the suite has set it up is a mistake in the test: say so rather than answer undefined.
  return new Proxy(ready as FixtureGateway, {
    get(target, property) {
      if (!(property in target))
        throw new Error(`withFixtureGateway: ${String(property)} read before it is set up`);
      return Reflect.get(target, property);
    },
  });
}
