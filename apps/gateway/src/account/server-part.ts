/**
 * One server inside an account session: a per-server RelaySession (policy, audit, approvals, upstream OAuth — all
 * of the per-server relay) driven through an in-memory downstream. It opens lazily, when the account session first
 * needs the server, and again after its upstream went away; a server that failed is not retried for a moment, so a
 * down upstream costs the others nothing. Request ids are the part's own (the agent's ids of several servers, and
 * the account session's own requests, would otherwise meet); answers are matched back here.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import { type AuditSubject, auditSubject } from "../audit/audit-event.js";
import type { Caller } from "../auth/caller.js";
import { errorReply, kindOf, type RequestId, type RpcRequest, type RpcResult } from "../session/messages.js";
import { RelaySession } from "../session/relay-session.js";
import type { SessionServices } from "../session/services.js";
import { InnerDownstream } from "./inner-downstream.js";

/** A server that failed to open is tried again after this long (meanwhile its requests are answered at once). */
const RETRY_AFTER_MS = 2000;

/** What a part needs of its account session. */
export interface PartHost {
  readonly id: string;
  readonly services: SessionServices;
  /** The agent on this server as the account's snapshot sees it now; undefined when it may no longer use it. */
  caller(slug: string): Caller | undefined;
  keyId(): string | undefined;
  /** The agent's initialize params, passed to every upstream. */
  initializeParams(): Record<string, unknown>;
  /** A notification or server→client request from this server; `related`: the agent's request it belongs to. */
  fromServer(part: ServerPart, message: JSONRPCMessage, related: RequestId | undefined): void;
  /** The part's relay session ended (its upstream went away, or the agent lost access to the server). */
  ended(part: ServerPart, reason: string): void;
}

/** What the upstream said in answer to initialize. */
export interface ServerInit {
  capabilities: Record<string, unknown>;
  instructions: string | undefined;
}

interface Waiting {
  agentId: RequestId | undefined;
  answer(message: JSONRPCMessage): void;
}

export class ServerPart {
  private session: RelaySession | undefined;
  private downstream: InnerDownstream | undefined;
  private opening: Promise<string | undefined> | undefined;
  private failure: { reason: string; at: number } | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  init: ServerInit | undefined;

  constructor(
    readonly slug: string,
    private readonly host: PartHost,
  ) {}

  /** Opens the server's session if needed; undefined when it is ready, else why it is not. */
  ready(timeoutMs: number): Promise<string | undefined> {
    if (this.session && this.init) return Promise.resolve(undefined);
    if (this.failure && Date.now() - this.failure.at < RETRY_AFTER_MS)
      return Promise.resolve(this.failure.reason);
    this.opening ??= this.open(timeoutMs).finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Why the server is not usable right now (after a failure), if it is known not to be. */
  get unavailable(): string | undefined {
    return this.session && this.init ? undefined : this.failure?.reason;
  }

  subject(): AuditSubject | undefined {
    const caller = this.host.caller(this.slug);
    return caller ? auditSubject(caller, this.host.id) : undefined;
  }

  private async open(timeoutMs: number): Promise<string | undefined> {
    const caller = this.host.caller(this.slug);
    if (!caller) return this.failed("the agent may no longer use this server");
    const downstream = new InnerDownstream((message, related) => this.fromSession(message, related));
    const session = new RelaySession(`${this.host.id}/${this.slug}`, caller, downstream, this.host.services, {
      initialized: () => undefined,
      closed: (closed) => this.sessionClosed(closed),
    });
    this.session = session;
    this.downstream = downstream;
    const answer = await this.request("initialize", this.host.initializeParams(), timeoutMs);
    if (this.session !== session) return this.failure?.reason ?? "the upstream connection closed";
    if (kindOf(answer) !== "result") {
      void session.close();
      return this.failed(answerReason(answer));
    }
    const result = (answer as RpcResult).result;
    this.init = {
      capabilities: (result.capabilities ?? {}) as Record<string, unknown>,
      instructions: typeof result.instructions === "string" ? result.instructions : undefined,
    };
    this.failure = undefined;
    downstream.deliver({ jsonrpc: "2.0", method: "notifications/initialized" }, this.host.keyId());
    return undefined;
  }

  private failed(reason: string): string {
    this.failure = { reason, at: Date.now() };
    return reason;
  }

  private sessionClosed(closed: RelaySession): void {
    if (this.session !== closed) return;
    const wasReady = this.init !== undefined;
    this.session = undefined;
    this.downstream = undefined;
    this.init = undefined;
    const reason = this.failed(this.failure?.reason ?? "the upstream session ended");
    // Whatever still waits gets its answer now rather than never.
    for (const [id, entry] of [...this.waiting]) {
      this.waiting.delete(id);
      entry.answer(errorReply(id, RPC_ANSWERS.upstreamUnavailable(`${this.slug}: ${reason}`)));
    }
    if (wasReady) this.host.ended(this, reason);
  }

  /** The account session's own request to this server (lists, initialize); answered within `timeoutMs`. */
  request(
    method: string,
    params: Record<string, unknown> | undefined,
    timeoutMs: number,
  ): Promise<JSONRPCMessage> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const internal = [...this.waiting].find(([, entry]) => entry.answer === done)?.[0];
        if (internal !== undefined) this.forget(internal);
        resolve(errorReply(0, RPC_ANSWERS.upstreamUnavailable(`no answer within ${timeoutMs} ms`)));
      }, timeoutMs);
      const done = (message: JSONRPCMessage) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.send({ jsonrpc: "2.0", id: 0, method, ...(params ? { params } : {}) }, undefined, done);
    });
  }

  /** The agent's request (names already mapped back); `answer` gets the server's answer under the agent's id. */
  relay(request: RpcRequest, answer: (message: JSONRPCMessage) => void): void {
    this.send(request, request.id, (message) => answer({ ...message, id: request.id } as JSONRPCMessage));
  }

  private send(
    request: RpcRequest,
    agentId: RequestId | undefined,
    answer: (message: JSONRPCMessage) => void,
  ) {
    const internal = this.nextId++;
    if (!this.downstream) {
      answer(
        errorReply(
          internal,
          RPC_ANSWERS.upstreamUnavailable(`${this.slug}: ${this.unavailable ?? "not open"}`),
        ),
      );
      return;
    }
    this.waiting.set(internal, { agentId, answer });
    this.downstream.deliver({ ...request, id: internal } as JSONRPCMessage, this.host.keyId());
  }

  /** Stops waiting for a request of the account session's and tells the server it was cancelled. */
  private forget(internal: number): void {
    this.waiting.delete(internal);
    this.deliver({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: internal } });
  }

  /** The agent cancelled its request `agentId` (if this server has it). */
  cancel(agentId: RequestId, reason: unknown): boolean {
    for (const [internal, entry] of this.waiting) {
      if (entry.agentId !== agentId) continue;
      this.waiting.delete(internal);
      const params = reason === undefined ? { requestId: internal } : { requestId: internal, reason };
      this.deliver({ jsonrpc: "2.0", method: "notifications/cancelled", params });
      return true;
    }
    return false;
  }

  /** A notification, or an answer to a server→client request (already under the server's id), for the server. */
  deliver(message: JSONRPCMessage): void {
    this.downstream?.deliver(message, this.host.keyId());
  }

  /** After a reload: the relay session ends on lost access, or tells of a changed tool list (see RelaySession). */
  configChanged(): void {
    this.session?.configChanged();
  }

  get inFlight(): number {
    return this.session?.inFlight ?? 0;
  }

  close(): Promise<void> {
    return this.session?.close() ?? Promise.resolve();
  }

  detach(): Promise<void> {
    return this.session?.detach() ?? Promise.resolve();
  }

  private fromSession(message: JSONRPCMessage, related: RequestId | undefined): void {
    const kind = kindOf(message);
    if (kind === "result" || kind === "error") {
      const id = (message as { id?: unknown }).id;
      const entry = typeof id === "number" ? this.waiting.get(id) : undefined;
      if (!entry || typeof id !== "number") return; // answers a request nobody waits for (given up on)
      this.waiting.delete(id);
      entry.answer(message);
      return;
    }
    const agentRelated = typeof related === "number" ? this.waiting.get(related)?.agentId : undefined;
    this.host.fromServer(this, message, agentRelated);
  }
}

/** The reason of a JSON-RPC error answer, without the gateway's own prefix. */
export function answerReason(message: JSONRPCMessage): string {
  const error = (message as { error?: { message?: unknown } }).error;
  return typeof error?.message === "string"
    ? error.message.replace(/^Upstream unavailable: /, "")
    : "no answer";
}
