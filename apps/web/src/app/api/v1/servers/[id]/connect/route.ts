// POST: start the server's shared upstream OAuth connection → {authorizationUrl}; DELETE: disconnect it.
import { noContent, readJsonObject, withApiAccount } from "@/server/api";
import { disconnectUpstream } from "@/server/connections/disconnect-upstream";
import { startUpstreamConnect } from "@/server/connections/start-upstream-connect";

type P = { id: string };

export const POST = withApiAccount<P>(
  async (ctx, request, { id }) => {
    const body = await readJsonObject(request);
    return startUpstreamConnect(
      ctx,
      id,
      typeof body.returnTo === "string" ? { returnTo: body.returnTo } : {},
    );
  },
  { role: "policy_manager" },
);

export const DELETE = withApiAccount<P>(
  async (ctx, _request, { id }) => {
    await disconnectUpstream(ctx, id);
    return noContent();
  },
  { role: "policy_manager" },
);
