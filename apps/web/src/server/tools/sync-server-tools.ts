// Sync: connect to the upstream as an MCP client, list every tool (all pages), classify and store them. A tool
// whose definition differs from the last accepted one is flagged (pendingDefinition), never silently replaced.
import { Prisma } from "@gatehouse/db";
import { decryptJson } from "@gatehouse/db/secrets";
import { classifyTool } from "@gatehouse/policy";
import { toolDefinitionHash } from "@gatehouse/policy/hash";
import { connectMcpClient, isUpstreamError, listAllTools, type UpstreamTarget } from "@gatehouse/upstream";
import { recordAdminEvent } from "../audit/record-admin-event";
import { expiredMessage, syncAuthorization } from "../connections/sync-authorization";
import type { AccountContext } from "../context";
import { AppError, notFound } from "../errors";
import { explainUpstreamError } from "../servers/explain-upstream-error";

export interface TSyncedTool {
  name: string;
  riskCategory: string;
  riskLevel: string;
  evidence: string[];
  changed: boolean;
}

interface TUpstreamTool {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: Record<string, unknown> | undefined;
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? {})) as Prisma.InputJsonValue;
}

function definitionOf(tool: TUpstreamTool) {
  return {
    name: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema ?? {},
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
  };
}

async function fetchUpstreamTools(ctx: AccountContext, serverId: string): Promise<TUpstreamTool[]> {
  const server = await ctx.db.server.findFirst({
    where: { organizationId: ctx.organizationId, id: serverId },
    omit: { headersEnc: false, envEnc: false },
  });
  if (!server) throw notFound("Server");
  const target: UpstreamTarget = {
    transport: server.transport,
    ...(server.url ? { url: server.url } : {}),
    ...(server.headersEnc
      ? { headers: decryptJson<Record<string, string>>(server.headersEnc, ctx.settings.secretKey) }
      : {}),
    ...(server.command ? { command: server.command, args: server.args } : {}),
    ...(server.envEnc
      ? { env: decryptJson<Record<string, string>>(server.envEnc, ctx.settings.secretKey) }
      : {}),
    ...(server.auth === "oauth" ? { authorization: await syncAuthorization(ctx, server) } : {}),
  };
  const client = await connectMcpClient(target, {
    allowPrivate: ctx.settings.allowPrivateUpstreams,
    allowStdio: ctx.settings.allowStdio,
    timeoutMs: 20_000,
  });
  try {
    return (await listAllTools(client, { timeoutMs: 20_000 })) as TUpstreamTool[];
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function recordSyncError(ctx: AccountContext, serverId: string, message: string): Promise<void> {
  await ctx.db.server.update({ where: { id: serverId }, data: { lastSyncError: message } });
}

export async function syncServerTools(
  ctx: AccountContext,
  serverId: string,
): Promise<{ tools: TSyncedTool[] }> {
  let upstream: TUpstreamTool[];
  try {
    upstream = await fetchUpstreamTools(ctx, serverId);
  } catch (error: unknown) {
    if (error instanceof AppError) {
      if (error.code === "upstream_refused") await recordSyncError(ctx, serverId, error.message);
      throw error;
    }
    if (isUpstreamError(error) && error.code === "authorization_expired") {
      const server = await ctx.db.server.findFirst({ where: { id: serverId }, select: { name: true } });
      const message = expiredMessage(server?.name ?? "the server");
      await recordSyncError(ctx, serverId, message);
      throw new AppError("upstream_refused", `Sync failed: ${message}`);
    }
    const target = await ctx.db.server.findFirst({
      where: { organizationId: ctx.organizationId, id: serverId },
      select: { transport: true, url: true, command: true },
    });
    const message = explainUpstreamError(error, target ?? { transport: "streamable_http" });
    await ctx.db.server.update({ where: { id: serverId }, data: { lastSyncError: message } });
    throw new AppError("upstream_unavailable", `Sync failed: ${message}`);
  }
  const existing = await ctx.db.tool.findMany({ where: { organizationId: ctx.organizationId, serverId } });
  const byName = new Map(existing.map((tool) => [tool.name, tool]));
  const now = new Date();
  const result: TSyncedTool[] = [];
  for (const tool of upstream) {
    const definition = definitionOf(tool);
    const hash = toolDefinitionHash(definition);
    const classification = classifyTool(definition);
    const known = byName.get(tool.name);
    byName.delete(tool.name);
    if (!known) {
      await ctx.db.tool.create({
        data: {
          organizationId: ctx.organizationId,
          serverId,
          name: tool.name,
          title: definition.title ?? null,
          description: definition.description ?? null,
          inputSchema: toJson(definition.inputSchema),
          ...(definition.outputSchema ? { outputSchema: toJson(definition.outputSchema) } : {}),
          ...(definition.annotations ? { annotations: toJson(definition.annotations) } : {}),
          definitionHash: hash,
          riskCategory: classification.category,
          riskLevel: classification.level,
          riskEvidence: classification.evidence,
          riskRationale: classification.rationale,
          firstSeenAt: now,
          lastSeenAt: now,
        },
      });
      result.push({
        name: tool.name,
        riskCategory: classification.category,
        riskLevel: classification.level,
        evidence: classification.evidence,
        changed: false,
      });
      continue;
    }
    const changed = known.definitionHash !== hash;
    // An unchanged (accepted) definition is classified again, so an improved classifier reaches stored tools;
    // a changed one keeps its accepted classification until someone accepts the new definition.
    const risk = {
      riskCategory: classification.category,
      riskLevel: classification.level,
      riskEvidence: classification.evidence,
      riskRationale: classification.rationale,
    };
    await ctx.db.tool.update({
      where: { id: known.id },
      data: {
        lastSeenAt: now,
        removedAt: null,
        ...(changed
          ? known.pendingHash === hash
            ? {}
            : { pendingDefinition: toJson(definition), pendingHash: hash, changedAt: now }
          : { pendingDefinition: Prisma.DbNull, pendingHash: null, changedAt: null, ...risk }),
      },
    });
    result.push({
      name: tool.name,
      riskCategory: changed ? known.riskCategory : classification.category,
      riskLevel: changed ? known.riskLevel : classification.level,
      evidence: changed
        ? Array.isArray(known.riskEvidence)
          ? known.riskEvidence.map(String)
          : []
        : classification.evidence,
      changed,
    });
  }
  for (const gone of byName.values()) {
    if (!gone.removedAt) await ctx.db.tool.update({ where: { id: gone.id }, data: { removedAt: now } });
  }
  await ctx.db.server.update({ where: { id: serverId }, data: { lastSyncedAt: now, lastSyncError: null } });
  await recordAdminEvent(ctx, {
    action: "server.sync",
    targetType: "server",
    targetId: serverId,
    details: { tools: upstream.length, changed: result.filter((tool) => tool.changed).length },
  });
  return { tools: result };
}
