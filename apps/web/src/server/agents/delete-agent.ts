// Deletes an agent and its keys, or for an `oauth` agent its grants (every key and token stops working at once).
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { getAgent } from "./list-agents";

export async function deleteAgent(ctx: AccountContext, id: string): Promise<void> {
  const agent = await getAgent(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.agent.delete({ where: { id: agent.id } });
    await recordAdminEvent(
      ctx,
      { action: "agent.delete", targetType: "agent", targetId: agent.id, details: { name: agent.name } },
      tx,
    );
  });
}
