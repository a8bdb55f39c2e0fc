// The agent shape for the browser and the API (no key material; only key prefixes).

import { accountUrlsFor } from "../accounts/account-urls";
import {
  connectionSelect,
  type TConnectionDto,
  type TConnectionRow,
  toConnectionDto,
} from "../connections/connection-dto";
import type { AccountContext } from "../context";

export interface TAgentKeyDto {
  id: string;
  name: string | null;
  prefix: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** The OAuth client an agent of kind `oauth` signed in with (as it describes itself: unverified). */
export interface TAgentClientDto {
  clientId: string;
  name: string | null;
  site: string | null;
  registration: "dynamic" | "metadata_document";
}

export interface TAgentDto {
  id: string;
  name: string;
  description: string | null;
  /** `key`: authenticates with agent keys; `oauth`: a person signed in from an MCP client (DESIGN §10). */
  kind: "key" | "oauth";
  /** For an `oauth` agent: the client and the user who consented (null for key agents). */
  client: TAgentClientDto | null;
  user: { id: string; email: string; name: string | null } | null;
  /** For an `oauth` agent: consents whose tokens still work (revoking access revokes them all). */
  activeGrants: number;
  suspended: boolean;
  lastUsedAt: string | null;
  createdAt: string;
  /**
   * The account URL this agent connects at with its keys, gathering all of `servers` behind one endpoint (DESIGN §5).
   * Null for an agent that signed in: its tokens are bound to the one server URL it signed in at.
   */
  accountUrl: string | null;
  servers: Array<{
    serverId: string;
    serverSlug: string;
    serverName: string;
    policyId: string | null;
    gatewayUrl: string;
    /** For an `oauth` server with one connection per agent: this agent's (never a token). */
    connection?: TConnectionDto;
  }>;
  keys: TAgentKeyDto[];
}

export const agentInclude = {
  servers: {
    include: { server: { select: { id: true, slug: true, name: true, auth: true, connectionMode: true } } },
  },
  upstreamConnections: { select: { serverId: true, ...connectionSelect } },
  keys: { orderBy: { createdAt: "desc" as const } },
  oauthClient: { select: { clientId: true, name: true, uri: true, kind: true } },
  oauthUser: { select: { id: true, email: true, name: true } },
  oauthGrants: { select: { revokedAt: true, lastUsedAt: true } },
};

interface TAgentRow {
  id: string;
  name: string;
  description: string | null;
  kind: "key" | "oauth";
  oauthClient: {
    clientId: string;
    name: string | null;
    uri: string | null;
    kind: "dynamic" | "metadata_document";
  } | null;
  oauthUser: { id: string; email: string; name: string | null } | null;
  oauthGrants: Array<{ revokedAt: Date | null; lastUsedAt: Date | null }>;
  suspended: boolean;
  lastUsedAt: Date | null;
  createdAt: Date;
  servers: Array<{
    serverId: string;
    policyId: string | null;
    server: { id: string; slug: string; name: string; auth: string; connectionMode: string };
  }>;
  upstreamConnections: Array<TConnectionRow & { serverId: string }>;
  keys: Array<{
    id: string;
    name: string | null;
    prefix: string;
    lastUsedAt: Date | null;
    expiresAt: Date | null;
    revokedAt: Date | null;
    createdAt: Date;
  }>;
}

export function toKeyDto(key: TAgentRow["keys"][number]): TAgentKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
  };
}

export function toAgentDto(
  ctx: Pick<AccountContext, "settings" | "accountSlug">,
  agent: TAgentRow,
): TAgentDto {
  const uses = [
    agent.lastUsedAt,
    ...agent.keys.map((key) => key.lastUsedAt),
    ...agent.oauthGrants.map((grant) => grant.lastUsedAt),
  ].flatMap((date) => (date ? [date.getTime()] : []));
  const lastUsed = uses.length > 0 ? new Date(Math.max(...uses)) : null;
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    kind: agent.kind,
    client: agent.oauthClient
      ? {
          clientId: agent.oauthClient.clientId,
          name: agent.oauthClient.name,
          site: agent.oauthClient.uri,
          registration: agent.oauthClient.kind,
        }
      : null,
    user: agent.oauthUser,
    activeGrants: agent.oauthGrants.filter((grant) => !grant.revokedAt).length,
    suspended: agent.suspended,
    lastUsedAt: lastUsed?.toISOString() ?? null,
    createdAt: agent.createdAt.toISOString(),
    accountUrl: agent.kind === "oauth" ? null : accountUrlsFor(ctx).key,
    servers: agent.servers.map((scope) => ({
      serverId: scope.serverId,
      serverSlug: scope.server.slug,
      serverName: scope.server.name,
      policyId: scope.policyId,
      gatewayUrl: `${ctx.settings.gatewayPublicUrl}/${ctx.accountSlug}/${scope.server.slug}/${agent.kind === "oauth" ? "oauth/mcp" : "mcp"}`,
      ...(scope.server.auth === "oauth" && scope.server.connectionMode === "per_agent"
        ? {
            connection: toConnectionDto(
              agent.upstreamConnections.find((connection) => connection.serverId === scope.serverId),
            ),
          }
        : {}),
    })),
    keys: agent.keys.map(toKeyDto),
  };
}
