// A server's policy: the named one (by id) or its default. Unknown or foreign ids are not_found.
import type { AccountContext } from "../context";
import { notFound } from "../errors";
import { findServer, isUuid } from "../servers/get-server";

export async function findPolicy(ctx: AccountContext, serverIdOrSlug: string, policyId?: string) {
  const server = await findServer(ctx, serverIdOrSlug);
  if (policyId !== undefined && !isUuid(policyId)) throw notFound("Policy");
  const policy = await ctx.db.policy.findFirst({
    where: {
      organizationId: ctx.organizationId,
      serverId: server.id,
      ...(policyId ? { id: policyId } : { isDefault: true }),
    },
  });
  if (!policy) throw notFound("Policy");
  return { server, policy };
}
