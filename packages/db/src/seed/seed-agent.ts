import type { DbClient } from "../client.js";
import { generateAgentKey } from "../secrets.js";

/** Creates an agent scoped to the given servers, with one key; returns the key's value (shown once). */
export async function seedAgent(
  db: DbClient,
  options: {
    organizationId: string;
    serverIds: string[];
    name?: string;
    policyIds?: Record<string, string>;
    expiresAt?: Date;
  },
) {
  const credential = generateAgentKey();
  const agent = await db.agent.create({
    data: {
      organizationId: options.organizationId,
      name: options.name ?? "test-agent",
      servers: {
        create: options.serverIds.map((serverId) => ({
          serverId,
          policyId: options.policyIds?.[serverId] ?? null,
        })),
      },
      keys: {
        create: {
          organizationId: options.organizationId,
          prefix: credential.prefix,
          keyHash: credential.hash,
          expiresAt: options.expiresAt ?? null,
        },
      },
    },
  });
  return { agent, key: credential.value };
}
