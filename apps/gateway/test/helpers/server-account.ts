/**
 * One account with one server behind a published policy, and an agent whose key may use it: the accounts most
 * gateway tests seed, whatever their upstream.
 */
import { seedAgent, seedOrganization, seedPolicy, seedServer } from "@gatehouse/db/seed";
import type { TestDatabase } from "@gatehouse/db/testing";

export interface ServerAccount {
  /** The account's id and slug (the first segment of its gateway URLs). */
  orgId: string;
  account: string;
  serverId: string;
  agentId: string;
  key: string;
}

export async function seedServerAccount(
  db: TestDatabase["db"],
  options: {
    slug: string;
    url: string;
    policy: unknown;
    transport?: "streamable_http" | "sse";
    pinTools?: boolean;
  },
): Promise<ServerAccount> {
  const org = await seedOrganization(db);
  const server = await seedServer(db, {
    organizationId: org.id,
    slug: options.slug,
    url: options.url,
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.pinTools ? { pinTools: true } : {}),
  });
  await seedPolicy(db, { serverId: server.id, document: options.policy });
  const { agent, key } = await seedAgent(db, { organizationId: org.id, serverIds: [server.id] });
  return { orgId: org.id, account: org.slug, serverId: server.id, agentId: agent.id, key };
}
