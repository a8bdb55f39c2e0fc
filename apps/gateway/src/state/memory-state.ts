/** The single-process shared state: a map of session records and the engine's in-memory rate-limit counter. */
import { MemoryRateLimitCounter } from "@gatehouse/policy";
import type { SessionRecord, SharedState } from "./shared-state.js";

export class MemoryState implements SharedState {
  readonly kind = "memory" as const;
  readonly rateLimits = new MemoryRateLimitCounter();
  private readonly sessions = new Map<string, { record: SessionRecord; expiresAt: number }>();

  async putSession(record: SessionRecord, ttlSeconds: number): Promise<void> {
    this.sessions.set(record.id, { record, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    const entry = this.sessions.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return entry.record;
  }

  async deleteSession(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async close(): Promise<void> {
    this.sessions.clear();
  }
}
