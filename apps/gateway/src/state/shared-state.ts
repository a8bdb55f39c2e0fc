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

export interface SharedState {
  readonly kind: "memory" | "redis";
  readonly rateLimits: RateLimitCounter;
  putSession(record: SessionRecord, ttlSeconds: number): Promise<void>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  deleteSession(id: string): Promise<void>;
  close(): Promise<void>;
}
