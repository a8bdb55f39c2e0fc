import { withApiAccount } from "@/server/api";
import { acceptToolDefinition } from "@/server/tools/accept-tool-definition";

export const POST = withApiAccount<{ id: string; name: string }>(
  async (ctx, _request, { id, name }) => acceptToolDefinition(ctx, id, decodeURIComponent(name)),
  { role: "policy_manager" },
);
