/** The audit event of a request the relay forwarded (everything but a decided tools/call, see tool-call.ts). */
import type { RelaySession } from "./relay-session.js";

export function recordForwarded(
  session: RelaySession,
  entry: { method: string; auditId: string; startedAt: number; tool?: string },
  decision: "allowed" | "upstream_error",
  upstreamStatus: string,
): void {
  const ctx = session.context();
  session.deps.audit.record({
    id: entry.auditId,
    organizationId: session.identity.accountId,
    serverId: session.identity.serverId,
    serverSlug: session.identity.serverSlug,
    agentId: session.identity.agentId,
    ...(ctx ? { agentName: ctx.agent.name } : {}),
    sessionId: session.id,
    method: entry.method,
    ...(entry.tool ? { tool: entry.tool } : {}),
    decision,
    latencyMs: Date.now() - entry.startedAt,
    upstreamStatus,
    argumentKeys: [],
    createdAt: new Date(entry.startedAt).toISOString(),
  });
}
