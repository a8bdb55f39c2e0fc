// POST: start an agent's own upstream OAuth connection to a per_agent server → {authorizationUrl}; DELETE: disconnect.
// Who may (an admin, or an oauth agent's own user) is checked by the domain operation.
import { noContent, readJsonObject, withApiAccount } from "@/server/api";
import { disconnectUpstream } from "@/server/connections/disconnect-upstream";
import { startUpstreamConnect } from "@/server/connections/start-upstream-connect";

type P = { id: string; serverId: string };

export const POST = withApiAccount<P>(
  async (ctx, request, { id, serverId }) => {
    const body = await readJsonObject(request);
    return startUpstreamConnect(ctx, serverId, {
      agentId: id,
      ...(typeof body.returnTo === "string" ? { returnTo: body.returnTo } : {}),
    });
  },
  { role: "policy_manager" },
);

export const DELETE = withApiAccount<P>(
  async (ctx, _request, { id, serverId }) => {
    await disconnectUpstream(ctx, serverId, { agentId: id });
    return noContent();
  },
  { role: "policy_manager" },
);
