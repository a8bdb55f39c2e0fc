// The account's agents (the built-in anonymous agent excluded), newest first.
import type { AccountContext } from "../context";
import { notFound } from "../errors";
import { isUuid } from "../servers/get-server";
import { agentInclude, type TAgentDto, toAgentDto } from "./agent-dto";

/** Last use from the audit log, which the gateway writes for every request (keys' own lastUsedAt may lag). */
async function withLastUse(ctx: AccountContext, agents: TAgentDto[]): Promise<TAgentDto[]> {
  if (agents.length === 0) return agents;
  const rows = await ctx.db.auditEvent.groupBy({
    by: ["agentId"],
    where: { organizationId: ctx.organizationId, agentId: { in: agents.map((agent) => agent.id) } },
    _max: { createdAt: true },
  });
  const seen = new Map(rows.map((row) => [row.agentId, row._max.createdAt]));
  return agents.map((agent) => {
    const audited = seen.get(agent.id);
    if (!audited || (agent.lastUsedAt && new Date(agent.lastUsedAt) >= audited)) return agent;
    return { ...agent, lastUsedAt: audited.toISOString() };
  });
}

export async function listAgents(ctx: AccountContext): Promise<TAgentDto[]> {
  const agents = await ctx.db.agent.findMany({
    where: { organizationId: ctx.organizationId, isAnonymous: false, testCallUserId: null },
    orderBy: { createdAt: "desc" },
    include: agentInclude,
  });
  return withLastUse(
    ctx,
    agents.map((agent) => toAgentDto(ctx, agent)),
  );
}

export async function getAgent(ctx: AccountContext, id: string): Promise<TAgentDto> {
  if (!isUuid(id)) throw notFound("Agent");
  const agent = await ctx.db.agent.findFirst({
    where: { organizationId: ctx.organizationId, id, isAnonymous: false, testCallUserId: null },
    include: agentInclude,
  });
  if (!agent) throw notFound("Agent");
  const [dto] = await withLastUse(ctx, [toAgentDto(ctx, agent)]);
  return dto ?? toAgentDto(ctx, agent);
}
