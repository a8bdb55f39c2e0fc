// POST /api/v1/agents/{id}/revoke: revokes every grant of an `oauth` agent, keeping the agent (DELETE removes it).
import { revokeAgentAccess } from "@/server/agents/revoke-agent-access";
import { withApiAccount } from "@/server/api";

export const POST = withApiAccount<{ id: string }>(
  async (ctx, _request, { id }) => revokeAgentAccess(ctx, id),
  {
    role: "admin",
  },
);
