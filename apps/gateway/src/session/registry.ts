/**
 * This replica's open sessions, and the bridge to the shared session records: a session opened on another replica
 * is resumed here (same Mcp-Session-Id downstream, same upstream session id) when the record says it belongs to the
 * same agent and server.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { Caller } from "../auth/caller.js";
import type { AccountSnapshot } from "../config/snapshot.js";
import { StreamableServerTransport } from "../http/streamable-server-transport.js";
import { droppedForFallingBehind } from "../http/unread-limit.js";
import { SESSION_TTL_SECONDS } from "../state/shared-state.js";
import { RelaySession, type SessionEvents } from "./relay-session.js";
import type { SessionServices } from "./services.js";
import { SessionLimit, sessionOwner } from "./session-limit.js";

const IDLE_CLOSE_MS = 60 * 60 * 1000;

export type Downstream = StreamableServerTransport | SSEServerTransport;

export interface OpenSession {
  session: RelaySession;
  transport: Downstream;
  /** Whose sessions this one counts with (see session-limit.ts). */
  owner: string;
}

/** A Streamable HTTP transport that continues an already initialized session (opened on another replica). */
function restoredTransport(id: string): StreamableServerTransport {
  const transport = new StreamableServerTransport({ sessionIdGenerator: () => id });
  transport.adopt(id);
  return transport;
}

export class SessionRegistry {
  private readonly open = new Map<string, OpenSession>();
  private readonly limit: SessionLimit;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly deps: SessionServices) {
    this.limit = new SessionLimit(deps.config.maxSessionsPerAgent);
    deps.accounts.onReload((_before, after) => this.accountReloaded(after));
    this.sweeper = setInterval(() => this.closeIdle(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.open.size;
  }

  inFlight(): number {
    let count = 0;
    for (const { session } of this.open.values()) count += session.inFlight;
    return count;
  }

  get(id: string): OpenSession | undefined {
    return this.open.get(id);
  }

  private readonly events: SessionEvents = {
    initialized: (session, upstreamSessionId, protocolVersion) => {
      const { owner } = session;
      void this.deps.state
        .putSession(
          {
            id: session.id,
            accountId: owner.account.id,
            serverId: owner.server.id,
            agentId: owner.agent.id,
            upstreamSessionId,
            protocolVersion,
            createdAt: Date.now(),
          },
          SESSION_TTL_SECONDS,
        )
        .catch((error: unknown) =>
          this.deps.log.warn({ err: String(error) }, "could not share a session record"),
        );
    },
    closed: (session, ended) => this.removed(session, ended),
  };

  private add(id: string, caller: Caller, owner: string, transport: Downstream, resume = {}): OpenSession {
    const session = new RelaySession(id, caller, transport, this.deps, this.events, resume);
    const entry = { session, transport, owner };
    this.open.set(id, entry);
    this.limit.add(owner, session);
    this.deps.metrics.activeSessions = this.open.size;
    return entry;
  }

  private removed(session: RelaySession, ended: boolean): void {
    const entry = this.open.get(session.id);
    if (entry?.session !== session) return;
    this.limit.remove(entry.owner, session);
    if (!ended) {
      this.forget(entry);
      return;
    }
    // An ended session cannot be resumed from its record, here or on another replica. Until the record is gone,
    // the closed entry stays, so that a request in this session meets it (404) rather than resuming the record.
    void this.deps.state
      .deleteSession(session.id)
      .catch(() => undefined)
      .finally(() => this.forget(entry));
  }

  private forget(entry: OpenSession): void {
    if (this.open.get(entry.session.id) !== entry) return;
    this.open.delete(entry.session.id);
    this.deps.metrics.activeSessions = this.open.size;
  }

  /**
   * Whether the caller may open one more session (see session-limit.ts); closes its least recently used idle
   * session when that makes room. Undefined: every one of its sessions is busy, refuse.
   */
  admit(caller: Caller, clientAddress: string | undefined): string | undefined {
    const owner = sessionOwner(caller, clientAddress);
    const admission = this.limit.admit(owner);
    if (!admission.ok) return undefined;
    if (admission.evict) {
      this.deps.log.info(
        { session: admission.evict.id, agent: caller.agent.id },
        "closing an agent's least recently used session: it is at its session limit",
      );
      this.deps.metrics.sessionEvicted();
      void admission.evict.close();
    }
    return owner;
  }

  /** A new Streamable HTTP session (`owner` from admit); the id is fixed before the initialize request is handled. */
  createStreamable(caller: Caller, owner: string): OpenSession {
    const id = randomUUID();
    const transport = new StreamableServerTransport({
      sessionIdGenerator: () => id,
      onsessionclosed: () => {
        void this.deps.state.deleteSession(id).catch(() => undefined);
      },
    });
    const entry = this.add(id, caller, owner, transport);
    void transport.start();
    return entry;
  }

  /** Resumes a session another replica opened, when the shared record matches this caller. */
  async resume(
    id: string,
    caller: Caller,
    clientAddress: string | undefined,
  ): Promise<OpenSession | undefined> {
    const record = await this.deps.state.getSession(id).catch(() => undefined);
    if (!record) return undefined;
    if (record.agentId !== caller.agent.id || record.serverId !== caller.server.id) return undefined;
    // Only a Streamable HTTP upstream session can be continued elsewhere; an SSE stream or a stdio process belongs
    // to the replica that opened it, so the agent is told the session is gone and initializes again.
    if (caller.server.target.transport !== "streamable_http") return undefined;
    const existing = this.open.get(id);
    if (existing) return existing;
    const entry = this.add(id, caller, sessionOwner(caller, clientAddress), restoredTransport(id), {
      upstreamSessionId: record.upstreamSessionId,
      protocolVersion: record.protocolVersion,
    });
    await entry.transport.start();
    return entry;
  }

  /** A legacy HTTP+SSE session on `res` (`owner` from admit); messages arrive at `messagePath?sessionId=…`. */
  async createSse(
    caller: Caller,
    owner: string,
    messagePath: string,
    res: ServerResponse,
  ): Promise<OpenSession> {
    const transport = new SSEServerTransport(messagePath, res);
    const send = transport.send.bind(transport);
    // The SDK's transport buffers for an agent that stopped reading: drop its stream instead (see unread-limit).
    transport.send = async (message) => {
      if (!droppedForFallingBehind(res)) await send(message);
    };
    const entry = this.add(transport.sessionId, caller, owner, transport);
    await transport.start();
    return entry;
  }

  private accountReloaded(after: AccountSnapshot): void {
    for (const { session } of this.open.values()) {
      if (session.owner.account.id === after.id) session.configChanged();
    }
  }

  private closeIdle(): void {
    const cutoff = Date.now() - IDLE_CLOSE_MS;
    for (const { session } of [...this.open.values()]) {
      if (session.lastActivity < cutoff && session.inFlight === 0) void session.detach();
    }
  }

  /** Shutdown: leave upstream sessions open (another replica may resume them) and close the agents' streams. */
  async detachAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.open.values()].map(({ session }) => session.detach()));
  }
}
