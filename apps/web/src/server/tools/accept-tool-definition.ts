// Accepts a changed tool definition: it becomes the accepted one and is classified again.
import { Prisma } from "@gatehouse/db";
import { classifyTool } from "@gatehouse/policy";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError, notFound } from "../errors";
import { findServer } from "../servers/get-server";
import { type TToolDto, toToolDto } from "./tool-dto";

interface TDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: object;
  outputSchema?: object;
  annotations?: Record<string, unknown>;
}

export async function acceptToolDefinition(
  ctx: AccountContext,
  serverIdOrSlug: string,
  name: string,
): Promise<TToolDto> {
  const server = await findServer(ctx, serverIdOrSlug);
  const tool = await ctx.db.tool.findFirst({
    where: { organizationId: ctx.organizationId, serverId: server.id, name },
  });
  if (!tool) throw notFound("Tool");
  if (!tool.pendingHash || !tool.pendingDefinition) {
    throw new AppError("conflict", "This tool has no changed definition to accept");
  }
  const definition = tool.pendingDefinition as unknown as TDefinition;
  const classification = classifyTool(definition);
  const updated = await ctx.db.tool.update({
    where: { id: tool.id },
    data: {
      title: definition.title ?? null,
      description: definition.description ?? null,
      inputSchema: (definition.inputSchema ?? {}) as Prisma.InputJsonObject,
      outputSchema: definition.outputSchema
        ? (definition.outputSchema as Prisma.InputJsonObject)
        : Prisma.DbNull,
      annotations: definition.annotations
        ? (definition.annotations as Prisma.InputJsonObject)
        : Prisma.DbNull,
      definitionHash: tool.pendingHash,
      pendingDefinition: Prisma.DbNull,
      pendingHash: null,
      changedAt: null,
      riskCategory: classification.category,
      riskLevel: classification.level,
      riskEvidence: classification.evidence,
      riskRationale: classification.rationale,
    },
  });
  await recordAdminEvent(ctx, {
    action: "tool.accept_definition",
    targetType: "tool",
    targetId: tool.id,
    details: { server: server.slug, tool: name, hash: tool.pendingHash },
  });
  return toToolDto(updated);
}
