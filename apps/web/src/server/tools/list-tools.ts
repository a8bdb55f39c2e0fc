// A server's tools, with optional search and filters (risk, changed-only).
import type { AccountContext } from "../context";
import { findServer } from "../servers/get-server";
import { type TToolDto, toToolDto } from "./tool-dto";

export interface TToolFilter {
  q?: string | undefined;
  risk?: string | undefined;
  changed?: boolean | undefined;
  includeRemoved?: boolean | undefined;
}

const LEVELS = new Set(["low", "medium", "high", "critical"]);
const CATEGORIES = new Set(["Read", "Write", "Execute", "Destructive", "Financial"]);

export async function listTools(
  ctx: AccountContext,
  serverIdOrSlug: string,
  filter: TToolFilter = {},
): Promise<TToolDto[]> {
  const server = await findServer(ctx, serverIdOrSlug);
  const q = filter.q?.trim();
  const tools = await ctx.db.tool.findMany({
    where: {
      organizationId: ctx.organizationId,
      serverId: server.id,
      ...(filter.includeRemoved ? {} : { removedAt: null }),
      ...(filter.changed ? { pendingHash: { not: null } } : {}),
      ...(filter.risk && LEVELS.has(filter.risk) ? { riskLevel: filter.risk as TToolDto["riskLevel"] } : {}),
      ...(filter.risk && CATEGORIES.has(filter.risk)
        ? { riskCategory: filter.risk as TToolDto["riskCategory"] }
        : {}),
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" as const } },
              { description: { contains: q, mode: "insensitive" as const } },
            ],
          }
        : {}),
    },
    orderBy: { name: "asc" },
  });
  return tools.map(toToolDto);
}
