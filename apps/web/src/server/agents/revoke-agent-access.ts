// "Revoke access" for an agent of kind `oauth`: every grant of its consents is revoked, so its refresh tokens stop
// at once and its access tokens are refused by every gateway replica within a second (the grants' change wakes the
// config feed). The agent stays, with its audit trail; the person may sign in again, which is a new consent.
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import type { TAgentDto } from "./agent-dto";
import { getAgent } from "./list-agents";

export async function revokeAgentAccess(ctx: AccountContext, id: string): Promise<TAgentDto> {
  const agent = await getAgent(ctx, id);
  if (agent.kind !== "oauth") {
    throw new AppError(
      "bad_request",
      "Only agents that signed in with OAuth have access to revoke; revoke a key instead",
    );
  }
  await ctx.db.$transaction(async (tx) => {
    const revoked = await tx.oAuthGrant.updateMany({
      where: { organizationId: ctx.organizationId, agentId: agent.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: `revoked by ${ctx.actor.label}` },
    });
    await recordAdminEvent(
      ctx,
      {
        action: "agent.revoke_access",
        targetType: "agent",
        targetId: agent.id,
        details: { name: agent.name, grants: revoked.count },
      },
      tx,
    );
  });
  return getAgent(ctx, id);
}
