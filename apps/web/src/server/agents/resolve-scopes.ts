// Checks that every scoped server (and named policy) belongs to the account; anything else is not_found.
import type { AccountContext } from "../context";
import { AppError } from "../errors";

export async function resolveScopes(
  ctx: AccountContext,
  scopes: Array<{ serverId: string; policyId: string | null }>,
): Promise<Array<{ serverId: string; policyId: string | null }>> {
  if (scopes.length === 0) return scopes;
  const servers = await ctx.db.server.findMany({
    where: { organizationId: ctx.organizationId, id: { in: scopes.map((scope) => scope.serverId) } },
    select: { id: true },
  });
  const known = new Set(servers.map((server) => server.id));
  const missing = scopes.find((scope) => !known.has(scope.serverId));
  if (missing) throw new AppError("not_found", `Server ${missing.serverId} not found`);
  const policyIds = scopes.flatMap((scope) => (scope.policyId ? [scope.policyId] : []));
  if (policyIds.length > 0) {
    const policies = await ctx.db.policy.findMany({
      where: { organizationId: ctx.organizationId, id: { in: policyIds } },
      select: { id: true, serverId: true },
    });
    const byId = new Map(policies.map((policy) => [policy.id, policy.serverId]));
    for (const scope of scopes) {
      if (scope.policyId && byId.get(scope.policyId) !== scope.serverId) {
        throw new AppError("not_found", `Policy ${scope.policyId} not found on server ${scope.serverId}`);
      }
    }
  }
  return scopes;
}
