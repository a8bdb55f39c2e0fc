// The agent shape for the browser and the API (no key material; only key prefixes).
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

export interface TAgentDto {
  id: string;
  name: string;
  description: string | null;
  suspended: boolean;
  lastUsedAt: string | null;
  createdAt: string;
  servers: Array<{
    serverId: string;
    serverSlug: string;
    serverName: string;
    policyId: string | null;
    gatewayUrl: string;
  }>;
  keys: TAgentKeyDto[];
}

export const agentInclude = {
  servers: { include: { server: { select: { id: true, slug: true, name: true } } } },
  keys: { orderBy: { createdAt: "desc" as const } },
};

interface TAgentRow {
  id: string;
  name: string;
  description: string | null;
  suspended: boolean;
  lastUsedAt: Date | null;
  createdAt: Date;
  servers: Array<{
    serverId: string;
    policyId: string | null;
    server: { id: string; slug: string; name: string };
  }>;
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
  const uses = [agent.lastUsedAt, ...agent.keys.map((key) => key.lastUsedAt)].flatMap((date) =>
    date ? [date.getTime()] : [],
  );
  const lastUsed = uses.length > 0 ? new Date(Math.max(...uses)) : null;
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    suspended: agent.suspended,
    lastUsedAt: lastUsed?.toISOString() ?? null,
    createdAt: agent.createdAt.toISOString(),
    servers: agent.servers.map((scope) => ({
      serverId: scope.serverId,
      serverSlug: scope.server.slug,
      serverName: scope.server.name,
      policyId: scope.policyId,
      gatewayUrl: `${ctx.settings.gatewayPublicUrl}/${ctx.accountSlug}/${scope.server.slug}/mcp`,
    })),
    keys: agent.keys.map(toKeyDto),
  };
}
