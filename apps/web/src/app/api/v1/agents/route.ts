import type { TCreateAgent } from "@/server/agents/agent-schemas";
import { createAgent } from "@/server/agents/create-agent";
import { listAgents } from "@/server/agents/list-agents";
import { created, readJson, withApiAccount } from "@/server/api";

export const GET = withApiAccount(async (ctx) => ({ agents: await listAgents(ctx) }), { role: "viewer" });

export const POST = withApiAccount(
  async (ctx, request) => {
    const { agent, key } = await createAgent(ctx, (await readJson(request)) as TCreateAgent);
    return created({ ...agent, key });
  },
  { role: "admin" },
);
