"use server";
// Server actions for upstream OAuth connections: thin adapters over the domain operations (the roles are checked
// there too: a shared connection needs a policy manager, an agent's an admin).
import { revalidatePath } from "next/cache";
import { withAccount } from "@/server/auth";
import { disconnectUpstream } from "@/server/connections/disconnect-upstream";
import { startUpstreamConnect } from "@/server/connections/start-upstream-connect";

/** Starts a sign-in at the upstream; the browser then goes to the returned authorization URL. */
export const connectUpstreamAction = withAccount(
  async (ctx, serverId: string, options: { agentId?: string; returnTo?: string }) =>
    startUpstreamConnect(ctx, serverId, options),
  { role: "policy_manager" },
);

export const disconnectUpstreamAction = withAccount(
  async (ctx, serverId: string, options: { agentId?: string }) => {
    await disconnectUpstream(ctx, serverId, options);
    revalidatePath(`/${ctx.accountSlug}`, "layout");
  },
  { role: "policy_manager" },
);
