import { withApiAccount } from "@/server/api";
import { findServer } from "@/server/servers/get-server";
import { syncServerTools } from "@/server/tools/sync-server-tools";

export const POST = withApiAccount<{ id: string }>(
  async (ctx, _request, { id }) => syncServerTools(ctx, (await findServer(ctx, id)).id),
  { role: "policy_manager" },
);
