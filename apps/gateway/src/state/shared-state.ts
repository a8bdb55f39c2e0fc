/**
 * State that replicas share (DESIGN §5 "Many replicas"): session records, so a later request for a session works on
 * any replica, and rate-limit counters, so limits count across replicas. In memory for one process (the default),
 * in Redis with REDIS_URL. Approval wake-ups need nothing here: every replica watches the approval rows it holds.
 */
import type { RateLimitCounter } from "@gatehouse/policy";

export interface SessionRecord {
  id: string;
  accountId: string;
  serverId: string;
  agentId: string;
  /** The upstream's Mcp-Session-Id, reused by whichever replica serves the session next. */
  upstreamSessionId?: string | undefined;
  protocolVersion?: string | undefined;
  createdAt: number;
}

/** How long a session's record (and the list of its tasks) is kept for other replicas. */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;

export interface SharedState {
  readonly kind: "memory" | "redis";
  readonly rateLimits: RateLimitCounter;
  putSession(record: SessionRecord, ttlSeconds: number): Promise<void>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  /** Forgets the session's record and its tasks. */
  deleteSession(id: string): Promise<void>;
  /** Remembers that session `sessionId` created task `taskId` (session/task-scope.ts), for `ttlSeconds`. */
  addSessionTask(sessionId: string, taskId: string, ttlSeconds: number): Promise<void>;
  /** The tasks session `sessionId` created, on any replica. */
  sessionTasks(sessionId: string): Promise<string[]>;
  close(): Promise<void>;
}
