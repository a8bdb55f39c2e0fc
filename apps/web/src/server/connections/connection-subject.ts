// Whose connection a request is about: the server's shared one, or one agent's (per_agent servers), and who may
// make it — an admin or policy manager for the shared one; for an agent's, an admin, or the user an `oauth` agent
// signed in as (DESIGN §10).
import type { AccountContext } from "../context";
import { hasRole } from "../context";
import { AppError, notFound } from "../errors";
import { findServer, isUuid } from "../servers/get-server";

export interface TConnectionSubject {
  server: { id: string; slug: string; name: string; connectionMode: "shared" | "per_agent" };
  agent: { id: string; name: string } | undefined;
  /** "shared", or the agent's id. */
  subject: string;
}

export async function resolveConnectionSubject(
  ctx: AccountContext,
  serverIdOrSlug: string,
  agentId?: string,
): Promise<TConnectionSubject> {
  const server = await findServer(ctx, serverIdOrSlug);
  if (server.auth !== "oauth") {
    throw new AppError("conflict", `${server.name} does not use OAuth: there is nothing to connect`);
  }
  if (agentId === undefined) {
    if (server.connectionMode !== "shared") {
      throw new AppError(
        "conflict",
        `${server.name} has one connection per agent: connect it from the agent's page (POST /api/v1/agents/{id}/servers/{serverId}/connect)`,
      );
    }
    if (!hasRole(ctx.role, "policy_manager"))
      throw new AppError("forbidden", "Only admins and policy managers may connect a server");
    return { server, agent: undefined, subject: "shared" };
  }
  if (server.connectionMode !== "per_agent") {
    throw new AppError(
      "conflict",
      `${server.name} has one shared connection for every agent: connect the server itself`,
    );
  }
  if (!isUuid(agentId)) throw notFound("Agent");
  const agent = await ctx.db.agent.findFirst({
    where: { id: agentId, organizationId: ctx.organizationId },
    select: {
      id: true,
      name: true,
      kind: true,
      oauthUserId: true,
      servers: { where: { serverId: server.id }, select: { serverId: true } },
    },
  });
  if (!agent) throw notFound("Agent");
  // An `oauth` agent acts for the user who consented: they connect it; a key agent's connection is an admin's.
  const ownUser =
    agent.kind === "oauth" && agent.oauthUserId !== null && agent.oauthUserId === ctx.actor.userId;
  if (!hasRole(ctx.role, "admin") && !ownUser) {
    throw new AppError(
      "forbidden",
      "Only admins (or, for an OAuth agent, the user it signed in as) may connect an agent's upstream",
    );
  }
  if (agent.servers.length === 0) {
    throw new AppError(
      "conflict",
      `${agent.name} is not scoped to ${server.name}: add the server to the agent first`,
    );
  }
  return { server, agent: { id: agent.id, name: agent.name }, subject: agent.id };
}
