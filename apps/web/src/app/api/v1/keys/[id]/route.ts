import { revokeAgentKey } from "@/server/agents/revoke-agent-key";
import { withApiAccount } from "@/server/api";

export const DELETE = withApiAccount<{ id: string }>(
  async (ctx, _request, { id }) => revokeAgentKey(ctx, id),
  { role: "admin" },
);
