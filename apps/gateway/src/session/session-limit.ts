/**
 * At most `max` open sessions per agent on this replica (for a public server's anonymous agent: per client
 * address), so that one key cannot fill the process with sessions, upstream connections or stdio processes.
 *
 * Many clients never end their sessions (the SDK's client does not send DELETE on close), so a well-behaved agent
 * that opens a session per job would otherwise hit the limit within the hour it takes idle sessions to expire.
 * A session beyond the limit therefore makes room by closing the agent's least recently used session that has
 * nothing in flight; only when every one of them is busy is the new session refused.
 */
import type { Caller } from "../auth/caller.js";

/** What the limit needs to know of a session. */
export interface LimitedSession {
  readonly id: string;
  readonly inFlight: number;
  readonly lastActivity: number;
  close(): Promise<void>;
}

export type Admission = { ok: true; evict?: LimitedSession } | { ok: false };

/** Whose sessions count together. */
export function sessionOwner(caller: Caller, clientAddress: string | undefined): string {
  if (caller.keyId !== undefined) return `agent ${caller.agent.id}`;
  return `anonymous ${caller.agent.id} ${clientAddress ?? "unknown"}`;
}

export class SessionLimit {
  private readonly byOwner = new Map<string, Set<LimitedSession>>();

  constructor(private readonly max: number) {}

  add(owner: string, session: LimitedSession): void {
    let sessions = this.byOwner.get(owner);
    if (!sessions) {
      sessions = new Set();
      this.byOwner.set(owner, sessions);
    }
    sessions.add(session);
  }

  remove(owner: string, session: LimitedSession): void {
    const sessions = this.byOwner.get(owner);
    if (!sessions?.delete(session)) return;
    if (sessions.size === 0) this.byOwner.delete(owner);
  }

  /**
   * Whether `owner` may open one more session, and which of its sessions must close to make room: that one no
   * longer counts from now on, while it closes.
   */
  admit(owner: string): Admission {
    const sessions = this.byOwner.get(owner);
    if (!sessions || sessions.size < this.max) return { ok: true };
    let oldest: LimitedSession | undefined;
    for (const session of sessions) {
      if (session.inFlight > 0) continue;
      if (!oldest || session.lastActivity < oldest.lastActivity) oldest = session;
    }
    if (!oldest) return { ok: false };
    this.remove(owner, oldest);
    return { ok: true, evict: oldest };
  }
}
