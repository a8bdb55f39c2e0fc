/**
 * The set-up most gateway tests share: a fresh database, our fixture MCP server as the upstream, one account with
 * one server behind a published policy, and an agent whose key may use it. Tests seed whatever else they need on
 * `database.db`, then start a gateway (`startGateway(database.url, …)`).
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  basicTools,
  type RunningFixture,
  startFixtureServer,
} from "../../../../bench/fixtures/fixture-server.js";
import { testDatabase } from "./gateway.js";

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
  options: { slug?: string; pinTools?: boolean; storeArgumentValues?: boolean } = {},
): Promise<FixtureAccount> {
  const [database, upstream] = await Promise.all([
    testDatabase(),
    startFixtureServer({ tools: basicTools() }),
  ]);
  const db = database.db;
  const org = await seedOrganization(db);
  if (options.storeArgumentValues) {
    await db.organization.update({ where: { id: org.id }, data: { storeArgumentValues: true } });
  }
  const slug = options.slug ?? "fx";
  const server = await seedServer(db, {
    organizationId: org.id,
    slug,
    url: upstream.url,
    ...(options.pinTools ? { pinTools: true } : {}),
  });
  await seedPolicy(db, { serverId: server.id, document: policy });
  const { agent, key } = await seedAgent(db, { organizationId: org.id, serverIds: [server.id] });
  return {
    database,
    upstream,
    orgId: org.id,
    account: org.slug,
    serverId: server.id,
    server: slug,
    agentId: agent.id,
    key,
    close: async () => {
      await upstream.close();
      await database.close();
    },
  };
}
