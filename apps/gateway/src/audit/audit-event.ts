/**
 * The one builder of audit events (DESIGN §5): who called (account, server, agent, session), what was asked and
 * what became of it. The relay's forwarded and refused requests and the call handler's decided tools/call all
 * record through it, so every event has the same shape whichever path made it.
 */

import type { AuditDecision } from "@gatehouse/policy";
import type { Caller } from "../auth/caller.js";
import { uuidv7 } from "../ids.js";
import { connectionKind } from "../upstream-oauth/connection-kind.js";
import type { AuditRecord } from "./audit-log.js";
import { argumentKeys } from "./redact.js";

/** Who an event is about: the session's caller, as far as this replica knows it. */
export interface AuditSubject {
  accountId: string;
  serverId: string;
  serverSlug: string;
  agentId: string;
  agentName: string | undefined;
  sessionId: string;
  /** An `oauth` server's call: which connection it used, the server's shared one or the agent's own. */
  upstreamConnection?: "shared" | "agent" | undefined;
}

export function auditSubject(caller: Caller, sessionId: string): AuditSubject {
  return {
    accountId: caller.account.id,
    serverId: caller.server.id,
    serverSlug: caller.server.slug,
    agentId: caller.agent.id,
    agentName: caller.agent.name,
    sessionId,
    upstreamConnection: connectionKind(caller.server),
  };
}

export interface AuditFacts {
  /** The event's id, given when the request arrived; a new one when omitted. */
  id?: string;
  method: string;
  tool?: string | undefined;
  decision: AuditDecision;
  rule?: string | undefined;
  reason?: string | undefined;
  /** When the request arrived (ms since the epoch); the latency runs from it to now. */
  startedAt: number;
  upstreamStatus?: string | undefined;
  approvalId?: string | undefined;
  /**
   * The call's arguments: their keys are recorded (`"keys"`); `"none"` records none (a forwarded request that is not
   * a call). Their values, where the account stores them, are added by AuditLog.recordWithValues once redacted.
   */
  arguments?: { value: unknown; record: "none" | "keys" };
}

export function auditEvent(subject: AuditSubject, facts: AuditFacts): AuditRecord {
  const now = Date.now();
  const args = facts.arguments ?? { value: undefined, record: "none" };
  const record: AuditRecord = {
    id: facts.id ?? uuidv7(facts.startedAt),
    organizationId: subject.accountId,
    serverId: subject.serverId,
    serverSlug: subject.serverSlug,
    agentId: subject.agentId,
    method: facts.method,
    decision: facts.decision,
    latencyMs: now - facts.startedAt,
    argumentKeys: args.record === "none" ? [] : argumentKeys(args.value),
    createdAt: new Date(facts.startedAt).toISOString(),
  };
  // A request refused before it reached a session (audit-refusal.ts) may have none.
  if (subject.sessionId) record.sessionId = subject.sessionId;
  if (subject.agentName !== undefined) record.agentName = subject.agentName;
  if (facts.tool !== undefined) record.tool = facts.tool;
  if (facts.rule !== undefined) record.rule = facts.rule;
  if (facts.reason) record.reason = facts.reason;
  if (facts.upstreamStatus) record.upstreamStatus = facts.upstreamStatus;
  if (facts.approvalId) record.approvalId = facts.approvalId;
  if (subject.upstreamConnection) record.upstreamConnection = subject.upstreamConnection;
  return record;
}
