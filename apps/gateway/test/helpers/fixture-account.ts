/**
 * The set-up most gateway tests share: a fresh database, our fixture MCP server as the upstream, one account with
 * one server behind a published policy, and an agent whose key may use it. Tests seed whatever else they need on
 * `database.db`, then start a gateway (`startGateway(database.url, …)`).
 */
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type FixtureServerOptions,
  type RunningFixture,
  startFixtureServer,
} from "@gatehouse/test-fixtures/fixture-server.js";
import { testDatabase } from "./gateway.js";
import { seedServerAccount } from "./server-account.js";

export interface FixtureAccount {
  database: TestDatabase;
  upstream: RunningFixture;
  /** The account's id and slug (the first segment of its gateway URLs). */
  orgId: string;
  account: string;
  serverId: string;
  /** The slug of the server, "fx" unless given. */
  server: string;
  agentId: string;
  key: string;
  /** Stops the upstream and drops the database. */
  close(): Promise<void>;
}

export async function seedFixtureAccount(
  policy: unknown,
  options: {
    slug?: string;
    pinTools?: boolean;
    storeArgumentValues?: boolean;
    tasks?: FixtureServerOptions["tasks"];
    /** The embedded database even where DATABASE_URL is set. */
    embeddedDatabase?: boolean;
  } = {},
): Promise<FixtureAccount> {
  const [database, upstream] = await Promise.all([
    testDatabase({ embedded: options.embeddedDatabase ?? false }),
    startFixtureServer({ tools: basicTools(), ...(options.tasks ? { tasks: options.tasks } : {}) }),
  ]);
  const slug = options.slug ?? "fx";
  const seeded = await seedServerAccount(database.db, {
    slug,
    url: upstream.url,
    policy,
    ...(options.pinTools ? { pinTools: true } : {}),
  });
  if (options.storeArgumentValues) {
    await database.db.organization.update({
      where: { id: seeded.orgId },
      data: { storeArgumentValues: true },
    });
  }
  return {
    database,
    upstream,
    ...seeded,
    server: slug,
    close: async () => {
      await upstream.close();
      await database.close();
    },
  };
}
