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
  seed?(fx: FixtureAccount): Promise<void>;
}

export function withFixtureGateway(policy: unknown, options: FixtureGatewayOptions = {}): FixtureGateway {
  const { gateway: overrides, seed, ...account } = options;
  let running: FixtureGateway | undefined;
  let fx: FixtureAccount | undefined;
  let gw: RunningGateway | undefined;
  const clients: Client[] = [];

  beforeAll(async () => {
    fx = await seedFixtureAccount(policy, account);
    await seed?.(fx);
    const started = await startGateway(fx.database.url, overrides);
    gw = started;
    const seeded = fx;
    running = {
      ...seeded,
      gw: started,
      url: mcpUrl(started.base, seeded.account, seeded.server),
      connect: async (connect = {}) => {
        const key = connect.key === undefined ? seeded.key : (connect.key ?? undefined);
        const client = await connectClient(
          mcpUrl(started.base, seeded.account, connect.server ?? seeded.server, connect.sse ? "sse" : "mcp"),
          key,
          {
            ...(connect.sse ? { sse: true } : {}),
            ...(connect.capabilities ? { capabilities: connect.capabilities } : {}),
          },
        );
        clients.push(client);
        return client;
      },
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await gw?.stop();
    await fx?.close();
  });

  // The tests read the fields after beforeAll has run; reading one before is a mistake in the test, said so.
  return new Proxy({} as FixtureGateway, {
    get(_target, property) {
      if (!running)
        throw new Error(`withFixtureGateway: ${String(property)} read before the suite's beforeAll`);
      return Reflect.get(running, property);
    },
  });
}
