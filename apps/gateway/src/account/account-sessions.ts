/**
 * This replica's account sessions (issue 20), by Mcp-Session-Id. An account session is not shared with other
 * replicas: it holds several upstream sessions (some of them stdio processes), so the load balancer's affinity on
 * Mcp-Session-Id keeps it where it was opened, and another replica answers it 404 (the agent initializes again).
 */
import { randomUUID } from "node:crypto";
import { StreamableServerTransport } from "../http/streamable-server-transport.js";
import type { SessionServices } from "../session/services.js";
import { type AccountAgent, AccountSession } from "./account-session.js";

const IDLE_CLOSE_MS = 60 * 60 * 1000;

export interface OpenAccountSession {
  session: AccountSession;
  transport: StreamableServerTransport;
}

export class AccountSessions {
  private readonly open = new Map<string, OpenAccountSession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly services: SessionServices,
    /** How long a server may take to open or list before the account URL leaves it out. */
    private readonly waitMs: number,
  ) {
    services.accounts.onReload((_before, after) => {
      for (const { session } of this.open.values())
        if (session.accountId === after.id) session.configChanged();
    });
    this.sweeper = setInterval(() => this.closeIdle(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.open.size;
  }

  get(id: string): OpenAccountSession | undefined {
    return this.open.get(id);
  }

  inFlight(): number {
    let count = 0;
    for (const { session } of this.open.values()) count += session.inFlight;
    return count;
  }

  /**
   * A new account session; its id is fixed before the initialize request is handled. An agent at its session limit
   * (GATEWAY_MAX_SESSIONS_PER_AGENT, as on the per-server URLs) loses its least recently used idle account session;
   * "busy" when every one of them is busy. Undefined when the account is not held here.
   */
  create(agent: AccountAgent): OpenAccountSession | "busy" | undefined {
    const account = this.services.accounts.peek(agent.accountSlug);
    if (!account) return undefined;
    const mine = [...this.open.values()]
      .map(({ session }) => session)
      .filter((session) => session.belongsTo(agent.accountSlug, agent.agentId));
    if (mine.length >= this.services.config.maxSessionsPerAgent) {
      const idle = mine
        .filter((session) => session.inFlight === 0)
        .sort((a, b) => a.lastActivity - b.lastActivity);
      const evict = idle[0];
      if (!evict) return "busy";
      this.services.log.info(
        { session: evict.id, agent: agent.agentId },
        "closing an agent's least recently used account session",
      );
      this.services.metrics.sessionEvicted();
      void evict.close();
    }
    const id = randomUUID();
    const transport = new StreamableServerTransport({ sessionIdGenerator: () => id });
    const session = new AccountSession(
      id,
      agent,
      account,
      transport,
      this.services,
      this.waitMs,
      (closed) => {
        if (this.open.get(id)?.session === closed) this.open.delete(id);
      },
    );
    const entry = { session, transport };
    this.open.set(id, entry);
    void transport.start();
    return entry;
  }

  private closeIdle(): void {
    const cutoff = Date.now() - IDLE_CLOSE_MS;
    for (const { session } of [...this.open.values()]) {
      if (session.lastActivity < cutoff && session.inFlight === 0) void session.close();
    }
  }

  /** Shutdown: leave the upstream sessions open (as the per-server sessions do) and close the agents' streams. */
  async detachAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.open.values()].map(({ session }) => session.detach()));
  }
}
