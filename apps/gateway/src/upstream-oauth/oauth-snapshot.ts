/**
 * The part of an account's snapshot about upstream OAuth: per `oauth` server its registration (client secret
 * decrypted) and which connections exist in which state — never a token; those are read when a session opens its
 * upstream, and kept in memory per connection (authorizations.ts).
 */
import { decryptSecret } from "@gatehouse/db/secrets";
import type { UpstreamOAuthClientConfig } from "@gatehouse/upstream";
import type { AuthorizationServerMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { Logger } from "../log.js";
import type { Db } from "../store/pool.js";
import { listConnectionStates, listOAuthClients } from "./oauth-store.js";

export interface ConnectionState {
  id: string;
  status: "connected" | "expired";
  tokenVersion: number;
}

export interface ServerOAuthSnapshot {
  mode: "shared" | "per_agent";
  /** Undefined when the registration cannot be read: every call is then told to connect (fail closed). */
  client: UpstreamOAuthClientConfig | undefined;
  /** "shared" or an agent's id → that connection's state. */
  connections: Map<string, ConnectionState>;
}

/** serverId → its OAuth snapshot, for the account's `oauth` servers. */
export async function loadServerOAuth(
  db: Db,
  organizationId: string,
  servers: { id: string; auth: string; connectionMode: "shared" | "per_agent" }[],
  secretKey: Buffer,
  log: Logger,
): Promise<Map<string, ServerOAuthSnapshot>> {
  const out = new Map<string, ServerOAuthSnapshot>();
  const oauthServers = servers.filter((server) => server.auth === "oauth");
  if (oauthServers.length === 0) return out;
  const [clients, connections] = await Promise.all([
    listOAuthClients(db, organizationId),
    listConnectionStates(db, organizationId),
  ]);
  for (const server of oauthServers) {
    const row = clients.find((client) => client.serverId === server.id);
    let client: UpstreamOAuthClientConfig | undefined;
    if (row) {
      try {
        client = {
          issuer: row.issuer,
          metadata: row.metadata as AuthorizationServerMetadata,
          resource: row.resource,
          scope: row.scope ?? undefined,
          clientId: row.clientId,
          clientSecret: row.clientSecretEnc ? decryptSecret(row.clientSecretEnc, secretKey) : undefined,
        };
      } catch {
        log.error({ server: server.id }, "could not decrypt an upstream OAuth client secret");
      }
    }
    const states = new Map<string, ConnectionState>();
    for (const connection of connections) {
      if (connection.serverId !== server.id) continue;
      states.set(connection.subject, {
        id: connection.id,
        status: connection.status,
        tokenVersion: connection.tokenVersion,
      });
    }
    out.set(server.id, { mode: server.connectionMode, client, connections: states });
  }
  return out;
}
