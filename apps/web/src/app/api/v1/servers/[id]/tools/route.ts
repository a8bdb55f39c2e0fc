import { withApiAccount } from "@/server/api";
import { listTools } from "@/server/tools/list-tools";

export const GET = withApiAccount<{ id: string }>(
  async (ctx, request, { id }) => {
    const query = new URL(request.url).searchParams;
    const tools = await listTools(ctx, id, {
      q: query.get("q") ?? undefined,
      risk: query.get("risk") ?? undefined,
      changed: query.get("changed") === "true",
    });
    return { tools };
  },
  { role: "viewer" },
);
