// The shape of a server for the browser and the API: never headers, environment or other secrets.
import type { Server } from "@gatehouse/db";
import {
  connectionSelect,
  type TConnectionDto,
  type TConnectionRow,
  toConnectionDto,
} from "../connections/connection-dto";
import type { AccountContext } from "../context";

export interface TServerDto {
  id: string;
  name: string;
  slug: string;
  transport: "streamable_http" | "sse" | "stdio";
  url: string | null;
  command: string | null;
  args: string[];
  hasHeaders: boolean;
  public: boolean;
  pin_tools: boolean;
  suspended: boolean;
  catalogEntry: string | null;
  lastSyncedAt: string | null;
  lastSyncError: string | null;
  gatewayUrl: string;
  createdAt: string;
  /** How Gatehouse authenticates upstream: nothing, static headers, or an OAuth connection. */
  auth: "none" | "headers" | "oauth";
  connectionMode: "shared" | "per_agent";
  /** An `oauth` server's shared connection (for per_agent servers, each agent's is on the agent). */
  connection?: TConnectionDto;
}

/** Include this in a server query to get its shared connection's status for toServerDto. */
export const sharedConnectionInclude = {
  upstreamConnections: {
    where: { subject: "shared" },
    select: connectionSelect,
  },
} as const;

export function gatewayUrlFor(
  ctx: Pick<AccountContext, "settings" | "accountSlug">,
  serverSlug: string,
): string {
  return `${ctx.settings.gatewayPublicUrl}/${ctx.accountSlug}/${serverSlug}/mcp`;
}

export function toServerDto(
  ctx: Pick<AccountContext, "settings" | "accountSlug">,
  server: Omit<Server, "headersEnc" | "envEnc"> & {
    hasHeaders?: boolean;
    upstreamConnections?: TConnectionRow[];
  },
): TServerDto {
  return {
    id: server.id,
    name: server.name,
    slug: server.slug,
    transport: server.transport,
    url: server.url,
    command: server.command,
    args: server.args,
    hasHeaders: server.hasHeaders ?? false,
    public: server.public,
    pin_tools: server.pinTools,
    suspended: server.suspended,
    catalogEntry: server.catalogEntry,
    lastSyncedAt: server.lastSyncedAt?.toISOString() ?? null,
    lastSyncError: server.lastSyncError,
    gatewayUrl: gatewayUrlFor(ctx, server.slug),
    createdAt: server.createdAt.toISOString(),
    auth: server.auth,
    connectionMode: server.connectionMode,
    ...(server.auth === "oauth" && server.connectionMode === "shared"
      ? { connection: toConnectionDto(server.upstreamConnections?.[0]) }
      : {}),
  };
}
