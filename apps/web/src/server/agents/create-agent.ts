// Creates an agent scoped to servers, with its first key (the value is returned once, never stored).
import { generateAgentKey } from "@gatehouse/db/secrets";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { agentInclude, type TAgentDto, toAgentDto } from "./agent-dto";
import { scopesOf, type TCreateAgent, ZCreateAgentSchema } from "./agent-schemas";
import { resolveScopes } from "./resolve-scopes";

export async function createAgent(
  ctx: AccountContext,
  input: TCreateAgent,
): Promise<{ agent: TAgentDto; key: string }> {
  const data = ZCreateAgentSchema.parse(input);
  const scopes = await resolveScopes(ctx, scopesOf(data) ?? []);
  const exists = await ctx.db.agent.findFirst({
    where: { organizationId: ctx.organizationId, name: data.name },
    select: { id: true },
  });
  if (exists) {
    throw new AppError("conflict", `An agent named "${data.name}" already exists`, [
      { path: "/name", message: "already used by another agent of this account" },
    ]);
  }
  const key = generateAgentKey();
  const agent = await ctx.db.$transaction(async (tx) => {
    const created = await tx.agent.create({
      data: {
        organizationId: ctx.organizationId,
        name: data.name,
        description: data.description || null,
        servers: { create: scopes.map((scope) => ({ serverId: scope.serverId, policyId: scope.policyId })) },
        keys: {
          create: {
            organizationId: ctx.organizationId,
            prefix: key.prefix,
            keyHash: key.hash,
            createdById: ctx.actor.userId,
            expiresAt: data.expiresAt ?? null,
          },
        },
      },
      include: agentInclude,
    });
    await recordAdminEvent(
      ctx,
      {
        action: "agent.create",
        targetType: "agent",
        targetId: created.id,
        details: { name: data.name, servers: scopes.map((scope) => scope.serverId), keyPrefix: key.prefix },
      },
      tx,
    );
    return created;
  });
  return { agent: toAgentDto(ctx, agent), key: key.value };
}
