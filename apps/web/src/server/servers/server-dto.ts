// The shape of a server for the browser and the API: never headers, environment or other secrets.
import type { Server } from "@gatehouse/db";
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
}

export function gatewayUrlFor(
  ctx: Pick<AccountContext, "settings" | "accountSlug">,
  serverSlug: string,
): string {
  return `${ctx.settings.gatewayPublicUrl}/${ctx.accountSlug}/${serverSlug}/mcp`;
}

export function toServerDto(
  ctx: Pick<AccountContext, "settings" | "accountSlug">,
  server: Omit<Server, "headersEnc" | "envEnc"> & { hasHeaders?: boolean },
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
  };
}
