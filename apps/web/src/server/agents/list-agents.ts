// The account's agents (the built-in anonymous agent excluded), newest first.
import type { AccountContext } from "../context";
import { notFound } from "../errors";
import { isUuid } from "../servers/get-server";
import { agentInclude, type TAgentDto, toAgentDto } from "./agent-dto";

export async function listAgents(ctx: AccountContext): Promise<TAgentDto[]> {
  const agents = await ctx.db.agent.findMany({
    where: { organizationId: ctx.organizationId, isAnonymous: false },
    orderBy: { createdAt: "desc" },
    include: agentInclude,
  });
  return agents.map((agent) => toAgentDto(ctx, agent));
}

export async function getAgent(ctx: AccountContext, id: string): Promise<TAgentDto> {
  if (!isUuid(id)) throw notFound("Agent");
  const agent = await ctx.db.agent.findFirst({
    where: { organizationId: ctx.organizationId, id, isAnonymous: false },
    include: agentInclude,
  });
  if (!agent) throw notFound("Agent");
  return toAgentDto(ctx, agent);
}
