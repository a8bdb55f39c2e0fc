// The overview's first-run checklist, ticked from the account's real data: a server registered, a policy
// published, an agent created, a first tool call through the gateway. The dashboard's own test calls do not tick
// the last step: it is there to show that a real MCP client reaches the gateway.
import type { AccountContext } from "../context";

export type TChecklistStep = "register" | "policy" | "agent" | "call";

export interface TChecklist {
  steps: Record<TChecklistStep, boolean>;
  done: boolean;
  /** This member hid the checklist. */
  dismissed: boolean;
}

export async function getChecklist(ctx: AccountContext): Promise<TChecklist> {
  const where = { organizationId: ctx.organizationId };
  const testAgents = await ctx.db.agent.findMany({
    where: { ...where, testCallUserId: { not: null } },
    select: { id: true },
  });
  const [server, policy, agent, call, membership] = await Promise.all([
    ctx.db.server.findFirst({ where, select: { id: true } }),
    ctx.db.policy.findFirst({ where: { ...where, currentVersion: { not: null } }, select: { id: true } }),
    ctx.db.agent.findFirst({
      where: { ...where, isAnonymous: false, testCallUserId: null },
      select: { id: true },
    }),
    ctx.db.auditEvent.findFirst({
      where: {
        ...where,
        method: "tools/call",
        OR: [{ agentId: null }, { agentId: { notIn: testAgents.map((row) => row.id) } }],
      },
      select: { id: true },
    }),
    ctx.actor.userId
      ? ctx.db.membership.findFirst({
          where: { ...where, userId: ctx.actor.userId },
          select: { checklistDismissedAt: true },
        })
      : null,
  ]);
  const steps = { register: !!server, policy: !!policy, agent: !!agent, call: !!call };
  return {
    steps,
    done: Object.values(steps).every(Boolean),
    dismissed: !!membership?.checklistDismissedAt,
  };
}
