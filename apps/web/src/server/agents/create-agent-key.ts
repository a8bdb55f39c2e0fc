// Issues another key for an agent; the value is returned once.
import { generateAgentKey } from "@gatehouse/db/secrets";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { type TAgentKeyDto, toKeyDto } from "./agent-dto";
import { type TCreateKey, ZCreateKeySchema } from "./agent-schemas";
import { getAgent } from "./list-agents";

export async function createAgentKey(
  ctx: AccountContext,
  agentId: string,
  input: TCreateKey,
): Promise<TAgentKeyDto & { key: string }> {
  const agent = await getAgent(ctx, agentId);
  if (agent.kind === "oauth") {
    throw new AppError("bad_request", "This agent signs in with OAuth; create a separate agent for a key");
  }
  const data = ZCreateKeySchema.parse(input);
  const key = generateAgentKey();
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.agentKey.create({
      data: {
        organizationId: ctx.organizationId,
        agentId: agent.id,
        name: data.name || null,
        prefix: key.prefix,
        keyHash: key.hash,
        createdById: ctx.actor.userId,
        expiresAt: data.expiresAt ?? null,
      },
    });
    await recordAdminEvent(
      ctx,
      {
        action: "agent_key.create",
        targetType: "agent_key",
        targetId: created.id,
        details: { agent: agent.name, prefix: key.prefix },
      },
      tx,
    );
    return created;
  });
  return { ...toKeyDto(row), key: key.value };
}
