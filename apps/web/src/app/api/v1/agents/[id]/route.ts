import type { TUpdateAgent } from "@/server/agents/agent-schemas";
import { deleteAgent } from "@/server/agents/delete-agent";
import { getAgent } from "@/server/agents/list-agents";
import { updateAgent } from "@/server/agents/update-agent";
import { noContent, readJson, withApiAccount } from "@/server/api";

type P = { id: string };

export const GET = withApiAccount<P>(async (ctx, _request, { id }) => getAgent(ctx, id), { role: "viewer" });

export const PATCH = withApiAccount<P>(
  async (ctx, request, { id }) => updateAgent(ctx, id, (await readJson(request)) as TUpdateAgent),
  { role: "admin" },
);

export const DELETE = withApiAccount<P>(
  async (ctx, _request, { id }) => {
    await deleteAgent(ctx, id);
    return noContent();
  },
  { role: "admin" },
);
