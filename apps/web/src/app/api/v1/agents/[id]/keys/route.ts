import type { TCreateKey } from "@/server/agents/agent-schemas";
import { createAgentKey } from "@/server/agents/create-agent-key";
import { created, readJson, withApiAccount } from "@/server/api";

export const POST = withApiAccount<{ id: string }>(
  async (ctx, request, { id }) =>
    created(await createAgentKey(ctx, id, (await readJson(request)) as TCreateKey)),
  { role: "admin" },
);
