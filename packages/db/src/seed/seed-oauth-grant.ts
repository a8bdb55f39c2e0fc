import { randomBytes } from "node:crypto";
import type { DbClient } from "../client.js";

/**
 * What a consent creates (DESIGN §10): a dynamically registered client, an agent of kind `oauth` for the user,
 * client and server, scoped to the server, and a grant whose tokens are bound to `resource`.
 */
export async function seedOAuthGrant(
  db: DbClient,
  options: {
    organizationId: string;
    serverId: string;
    userId: string;
    resource: string;
    clientName?: string;
  },
) {
  const clientId = `test-client-${randomBytes(6).toString("hex")}`;
  const client = await db.oAuthClient.create({
    data: {
      clientId,
      kind: "dynamic",
      name: options.clientName ?? "Test client",
      redirectUris: ["http://127.0.0.1/callback"],
      metadata: { client_id: clientId, redirect_uris: ["http://127.0.0.1/callback"] },
    },
  });
  const agent = await db.agent.create({
    data: {
      organizationId: options.organizationId,
      name: `${client.name} (${clientId})`,
      kind: "oauth",
      oauthClientId: client.id,
      oauthUserId: options.userId,
      oauthServerId: options.serverId,
      servers: { create: [{ serverId: options.serverId }] },
    },
  });
  const grant = await db.oAuthGrant.create({
    data: {
      organizationId: options.organizationId,
      agentId: agent.id,
      clientId: client.id,
      userId: options.userId,
      serverId: options.serverId,
      resource: options.resource,
    },
  });
  return { client, agent, grant };
}
