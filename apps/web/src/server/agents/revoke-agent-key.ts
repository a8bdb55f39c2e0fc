// Revokes an agent key; the gateway refuses it within a second (its cache is invalidated by the change feed).
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { notFound } from "../errors";
import { isUuid } from "../servers/get-server";
import { type TAgentKeyDto, toKeyDto } from "./agent-dto";

export async function revokeAgentKey(ctx: AccountContext, keyId: string): Promise<TAgentKeyDto> {
  if (!isUuid(keyId)) throw notFound("Key");
  const key = await ctx.db.agentKey.findFirst({ where: { organizationId: ctx.organizationId, id: keyId } });
  if (!key) throw notFound("Key");
  if (key.revokedAt) return toKeyDto(key);
  const row = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.agentKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await recordAdminEvent(
      ctx,
      {
        action: "agent_key.revoke",
        targetType: "agent_key",
        targetId: key.id,
        details: { prefix: key.prefix },
      },
      tx,
    );
    return updated;
  });
  return toKeyDto(row);
}
