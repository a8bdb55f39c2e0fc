/**
 * The single-process shared state: a map of session records (with the tasks each session created) and the engine's
 * in-memory rate-limit counter.
 */
import { MemoryRateLimitCounter } from "@gatehouse/policy";
import type { SessionRecord, SharedState } from "./shared-state.js";

const MIN_SWEEP_SIZE = 1024;

export class MemoryState implements SharedState {
  readonly kind = "memory" as const;
  readonly rateLimits = new MemoryRateLimitCounter();
  private readonly sessions = new Map<string, { record: SessionRecord; expiresAt: number }>();
  private readonly tasks = new Map<string, { ids: Set<string>; expiresAt: number }>();
  /** Expired records go when the map reaches this size (then twice what is left), so memory stays bounded. */
  private sweepAtSize = MIN_SWEEP_SIZE;

  get size(): number {
    return this.sessions.size;
  }

  async putSession(record: SessionRecord, ttlSeconds: number): Promise<void> {
    const now = Date.now();
    if (this.sessions.size >= this.sweepAtSize) {
      for (const [id, entry] of this.sessions) if (entry.expiresAt <= now) this.sessions.delete(id);
      for (const [id, entry] of this.tasks) if (entry.expiresAt <= now) this.tasks.delete(id);
      this.sweepAtSize = Math.max(MIN_SWEEP_SIZE, this.sessions.size * 2);
    }
    this.sessions.set(record.id, { record, expiresAt: now + ttlSeconds * 1000 });
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
    this.tasks.delete(id);
  }

  async addSessionTask(sessionId: string, taskId: string, ttlSeconds: number): Promise<void> {
    const expiresAt = Date.now() + ttlSeconds * 1000;
    const entry = this.tasks.get(sessionId);
    if (entry && entry.expiresAt > Date.now()) {
      entry.ids.add(taskId);
      entry.expiresAt = expiresAt;
    } else this.tasks.set(sessionId, { ids: new Set([taskId]), expiresAt });
  }

  async sessionTasks(sessionId: string): Promise<string[]> {
    const entry = this.tasks.get(sessionId);
    return entry && entry.expiresAt > Date.now() ? [...entry.ids] : [];
  }

  async close(): Promise<void> {
    this.sessions.clear();
    this.tasks.clear();
  }
}
