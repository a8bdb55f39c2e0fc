// Renames, re-scopes, suspends or resumes an agent.
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { agentInclude, type TAgentDto, toAgentDto } from "./agent-dto";
import { scopesOf, type TUpdateAgent, ZUpdateAgentSchema } from "./agent-schemas";
import { getAgent } from "./list-agents";
import { resolveScopes } from "./resolve-scopes";

export async function updateAgent(ctx: AccountContext, id: string, input: TUpdateAgent): Promise<TAgentDto> {
  const current = await getAgent(ctx, id);
  const data = ZUpdateAgentSchema.parse(input);
  const wanted = scopesOf(data);
  const scopes = wanted ? await resolveScopes(ctx, wanted) : undefined;
  if (data.name && data.name !== current.name) {
    const taken = await ctx.db.agent.findFirst({
      where: { organizationId: ctx.organizationId, name: data.name },
      select: { id: true },
    });
    if (taken) throw new AppError("conflict", `An agent named "${data.name}" already exists`);
  }
  const agent = await ctx.db.$transaction(async (tx) => {
    if (scopes) {
      await tx.agentServer.deleteMany({ where: { agentId: current.id } });
      await tx.agentServer.createMany({ data: scopes.map((scope) => ({ agentId: current.id, ...scope })) });
    }
    const row = await tx.agent.update({
      where: { id: current.id },
      data: { name: data.name, description: data.description, suspended: data.suspended },
      include: agentInclude,
    });
    await recordAdminEvent(
      ctx,
      {
        action: "agent.update",
        targetType: "agent",
        targetId: current.id,
        details: { changed: Object.keys(data) },
      },
      tx,
    );
    return row;
  });
  return toAgentDto(ctx, agent);
}
