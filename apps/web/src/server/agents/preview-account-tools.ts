// What an agent sees through its account URL (DESIGN §5), tool by tool: every tool of every server it is scoped to,
// the name it is listed under there, and what a call gets. Computed with @gatehouse/policy as the gateway computes
// it — the agent's policy on each server (its scope's named policy, else the server's default) at the version in
// force, hide patterns, tools a pinned server holds back until their new definition is accepted, and the account
// URL's naming rule over the tools each server lists — so the preview cannot drift from what is enforced. As on the
// account URL, a suspended server and an OAuth server this agent has no upstream connection for list nothing.
import type { RiskCategory, RiskLevel } from "@gatehouse/db";
import {
  buildAccountNames,
  type CompiledPolicy,
  compilePolicy,
  explainTool,
  type ToolExplanation,
  validatePolicy,
} from "@gatehouse/policy";
import type { AccountContext } from "../context";
import { notFound } from "../errors";
import { isUuid } from "../servers/get-server";

/** Why a tool of a scoped server is not in the agent's tools/list. */
export type TPreviewAbsence =
  | "server_suspended"
  | "not_connected"
  | "no_policy"
  | "hidden"
  | "pending_acceptance";

export interface TPreviewTool {
  name: string;
  description: string | null;
  riskCategory: RiskCategory;
  riskLevel: RiskLevel;
  /** The name the agent calls it by on the account URL; null when the tool is not listed. */
  accountName: string | null;
  absence: TPreviewAbsence | null;
  /** What the engine applies to it; null when the server has no policy in force (everything is refused). */
  explanation: ToolExplanation | null;
}

export interface TPreviewServer {
  serverId: string;
  slug: string;
  name: string;
  suspended: boolean;
  /** The policy this agent runs under on the server (null: the server has no policy). */
  policy: { id: string; name: string; isDefault: boolean; version: number | null } | null;
  tools: TPreviewTool[];
}

export interface TAccountPreview {
  agentSuspended: boolean;
  servers: TPreviewServer[];
}

const policySelect = { id: true, name: true, isDefault: true, currentVersion: true } as const;

function compiledOf(document: unknown): CompiledPolicy | undefined {
  const result = validatePolicy(document);
  return result.ok ? compilePolicy(result.policy) : undefined;
}

/** An OAuth server's upstream connection for this agent: the shared one, or the agent's own. */
function isConnected(
  server: { connectionMode: string; upstreamConnections: Array<{ agentId: string | null; status: string }> },
  agentId: string,
): boolean {
  return server.upstreamConnections.some(
    (connection) =>
      connection.status === "connected" &&
      (server.connectionMode === "per_agent" ? connection.agentId === agentId : connection.agentId === null),
  );
}

export async function previewAccountTools(ctx: AccountContext, agentId: string): Promise<TAccountPreview> {
  if (!isUuid(agentId)) throw notFound("Agent");
  const agent = await ctx.db.agent.findFirst({
    where: { organizationId: ctx.organizationId, id: agentId, isAnonymous: false },
    select: {
      suspended: true,
      servers: {
        select: {
          policy: { select: policySelect },
          server: {
            select: {
              id: true,
              slug: true,
              name: true,
              suspended: true,
              pinTools: true,
              auth: true,
              connectionMode: true,
              createdAt: true,
              upstreamConnections: {
                where: { OR: [{ subject: "shared" }, { agentId }] },
                select: { agentId: true, status: true },
              },
              policies: { where: { isDefault: true }, select: policySelect },
            },
          },
        },
      },
    },
  });
  if (!agent) throw notFound("Agent");
  const scopes = agent.servers
    .map((scope) => ({ server: scope.server, policy: scope.policy ?? scope.server.policies[0] ?? null }))
    .sort(
      (a, b) =>
        a.server.createdAt.getTime() - b.server.createdAt.getTime() ||
        a.server.slug.localeCompare(b.server.slug),
    );
  const published = scopes.flatMap(({ policy }) =>
    policy?.currentVersion == null ? [] : [{ policyId: policy.id, number: policy.currentVersion }],
  );
  const [versions, tools] = await Promise.all([
    published.length === 0
      ? []
      : ctx.db.policyVersion.findMany({
          where: { organizationId: ctx.organizationId, OR: published },
          select: { policyId: true, document: true },
        }),
    ctx.db.tool.findMany({
      where: {
        organizationId: ctx.organizationId,
        serverId: { in: scopes.map(({ server }) => server.id) },
        removedAt: null,
      },
      orderBy: { name: "asc" },
      select: {
        serverId: true,
        name: true,
        description: true,
        riskCategory: true,
        riskLevel: true,
        pendingHash: true,
      },
    }),
  ]);
  const documents = new Map(versions.map((version) => [version.policyId, version.document]));

  const servers = scopes.map(({ server, policy }) => {
    const document = policy ? documents.get(policy.id) : undefined;
    const compiled = document === undefined ? undefined : compiledOf(document);
    const connected = server.auth !== "oauth" || isConnected(server, agentId);
    const rows = tools
      .filter((tool) => tool.serverId === server.id)
      .map((tool) => {
        const explanation = compiled ? explainTool(compiled, tool.name) : null;
        const absence: TPreviewAbsence | null = server.suspended
          ? "server_suspended"
          : !connected
            ? "not_connected"
            : !compiled
              ? "no_policy"
              : !compiled.isVisible(tool.name)
                ? "hidden"
                : server.pinTools && tool.pendingHash !== null
                  ? "pending_acceptance"
                  : null;
        return { tool, explanation, absence };
      });
    return { server, policy, rows };
  });

  // Named over what each server lists to this agent, as the gateway names its tools/list answer.
  const names = buildAccountNames(
    servers.map(({ server, rows }) => ({
      slug: server.slug,
      tools: rows.filter((row) => row.absence === null).map((row) => row.tool.name),
    })),
  );
  return {
    agentSuspended: agent.suspended,
    servers: servers.map(({ server, policy, rows }) => ({
      serverId: server.id,
      slug: server.slug,
      name: server.name,
      suspended: server.suspended,
      policy: policy
        ? {
            id: policy.id,
            name: policy.name,
            isDefault: policy.isDefault,
            version: policy.currentVersion,
          }
        : null,
      tools: rows.map(({ tool, explanation, absence }) => ({
        name: tool.name,
        description: tool.description,
        riskCategory: tool.riskCategory,
        riskLevel: tool.riskLevel,
        accountName: absence === null ? (names.tools.nameOf(server.slug, tool.name) ?? null) : null,
        absence,
        explanation,
      })),
    })),
  };
}
