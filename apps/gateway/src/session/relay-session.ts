/**
 * One agent session: a thin JSON-RPC relay between the agent's transport (downstream) and one upstream transport,
 * opened lazily with the first message. Messages pass both ways untouched except `initialize` results (adds
 * tools.listChanged), `tools/list` results (filtered by policy), `tools/call` requests (decided, see tool-call.ts)
 * and requests about tasks (only this session's own, see task-scope.ts).
 * A request that reuses the id of one in progress is refused, and an upstream answer to no request in progress is
 * dropped: every answer the agent gets belongs to exactly one request, filtered and audited as that request.
 */
import { UnansweredRequests, UpstreamError, upstreamSessionGone } from "@gatehouse/upstream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import { policyFor } from "../config/snapshot.js";
import { uuidv7 } from "../ids.js";
import { SESSION_TTL_SECONDS } from "../state/shared-state.js";
import { openUpstream } from "../upstream/open-upstream.js";
import { AccessRevoked, accessRevoked, notSent, SessionEnding } from "./access.js";
import {
  DROPPED_NOTIFICATION_REASON,
  DUPLICATE_ID_REASON,
  recordForwarded,
  recordRefused,
} from "./audit-request.js";
import {
  errorReply,
  errorText,
  idKey,
  kindOf,
  type RequestId,
  type RpcNotification,
  type RpcRequest,
  type RpcResult,
  toolsListChanged,
  upstreamUnavailable,
} from "./messages.js";
import type { SessionDeps } from "./session-deps.js";
import type { Pending, SessionContext, SessionIdentity } from "./session-types.js";
import { createdTask, NOT_OWN_TASK_REASON, namedTask, ownTasksOnly, unknownTaskReply } from "./task-scope.js";
import { handleToolCall } from "./tool-call.js";
import { ToolListView } from "./tool-list-view.js";

export type { SessionContext, SessionIdentity } from "./session-types.js";

/** How a session that is ending answers, and audits, a request that arrives before it has closed. */
interface SessionEnd {
  reason: string;
  decision: "denied" | "upstream_error";
  reply(id: RequestId): JSONRPCMessage;
}

export class RelaySession {
  private upstream: Transport | undefined;
  private upstreamOpening: Promise<Transport> | undefined;
  private upstreamDead: string | undefined;
  private readonly pending = new Map<string, Pending>();
  /** Ids (idKey) of the agent's requests not yet answered or cancelled: a request may not reuse one. */
  private readonly unanswered = new Set<string>();
  private readonly progressOwners = new Map<string, RequestId>();
  /** The agent keys this session's requests came with (none for a public server's anonymous agent). */
  private readonly keyIds = new Set<string>();
  /** The tasks this session created, as far as this replica knows (the shared state knows them all). */
  private readonly tasks = new Set<string>();
  /** Held tools/call requests by id key, aborted on cancellation or close. */
  readonly held = new Map<string, AbortController>();
  /** What the agent sees of the upstream's tools (filtering, pinning, list_changed). */
  readonly toolView: ToolListView;
  private closed = false;
  /** Why the session is ending (endAfterAnswering): requests that arrive meanwhile are answered so at once. */
  private ending: SessionEnd | undefined;
  lastActivity = Date.now();

  constructor(
    readonly id: string,
    readonly identity: SessionIdentity,
    private readonly downstream: Transport,
    readonly deps: SessionDeps,
    private readonly resume: {
      upstreamSessionId?: string | undefined;
      protocolVersion?: string | undefined;
    } = {},
    /** `ended`: the session is over (closed, not only detached from this replica). */
    private readonly onClosed: (session: RelaySession, ended: boolean) => void = () => undefined,
  ) {
    this.toolView = new ToolListView(deps.drift);
    downstream.onmessage = (message, extra) =>
      this.fromClient(message, extra?.authInfo?.clientId || undefined);
    downstream.onclose = () => void this.close();
    downstream.onerror = (error) =>
      deps.log.debug({ session: id, err: errorText(error) }, "downstream error");
  }

  /** The current snapshot of everything this session enforces (fresh on every request). */
  context(last?: SessionContext): SessionContext | undefined {
    const account = this.deps.accounts.peek(this.identity.accountSlug) ?? last?.account;
    const server = account?.serversBySlug.get(this.identity.serverSlug);
    const agent = account?.agents.get(this.identity.agentId);
    if (!account || !server || !agent || server.id !== this.identity.serverId) return undefined;
    return { account, server, agent, policy: policyFor(account, server, agent) };
  }

  /** A message from the agent; `keyId` is the agent key its HTTP request carried (none for a public server). */
  private fromClient(message: JSONRPCMessage, keyId: string | undefined): void {
    this.lastActivity = Date.now();
    if (keyId !== undefined) this.keyIds.add(keyId);
    const kind = kindOf(message);
    if (kind === "request") {
      const request = message as RpcRequest;
      this.deps.metrics.request(request.method);
      const key = idKey(request.id);
      if (this.unanswered.has(key)) {
        this.refuseDuplicate(request);
        return;
      }
      this.unanswered.add(key);
      if (this.ending) {
        recordRefused(this, request, this.ending.reason, this.ending.decision);
        void this.sendDownstream(this.ending.reply(request.id), request.id);
        return;
      }
      if (request.method === "tools/call") void handleToolCall(this, request, keyId);
      else if (request.method.startsWith("tasks/")) void this.forwardTaskRequest(request);
      else this.forward(request);
      return;
    }
    if (kind === "notification") {
      const note = message as RpcNotification;
      if (!note.method.startsWith("notifications/")) {
        // A request method sent without an id (e.g. tools/call as a notification) would reach the upstream
        // undecided: never forward it. A notification gets no answer, so it is only audited.
        this.deps.metrics.request(note.method);
        recordRefused(this, note, DROPPED_NOTIFICATION_REASON);
        return;
      }
      if (note.method === "notifications/cancelled") {
        const requestId = note.params?.requestId as RequestId | undefined;
        if (requestId !== undefined) this.unanswered.delete(idKey(requestId));
        const heldCall = requestId === undefined ? undefined : this.held.get(idKey(requestId));
        if (heldCall) {
          heldCall.abort();
          return; // the upstream never saw a held call
        }
        const forwarded = requestId === undefined ? undefined : this.pending.get(idKey(requestId));
        // No answer will come for a cancelled request: stop waiting (no timeout error) and record it.
        if (forwarded) this.abandonPending(forwarded, "cancelled");
      }
    }
    void this.sendUpstream(message);
  }

  /**
   * A request reusing the id of one still in progress (JSON-RPC and MCP forbid it): answering both under one id
   * would lose one of them, and with it its audit event or its tools/list filter. Refused and audited, never
   * forwarded; the request in progress is not touched.
   */
  private refuseDuplicate(request: RpcRequest): void {
    recordRefused(this, request, DUPLICATE_ID_REASON);
    const reply = errorReply(request.id, RPC_ANSWERS.duplicateRequestId);
    void this.downstream.send(reply, { relatedRequestId: request.id }).catch(() => undefined);
  }

  /**
   * A tasks/* request: forwarded when it is about a task this session created (tasks/list: with the others left out
   * of its answer); about any other task it is refused as an unknown task.
   */
  private async forwardTaskRequest(request: RpcRequest): Promise<void> {
    const task = namedTask(request);
    if (task === undefined || !this.tasks.has(task)) {
      // Another replica may have served the request that created it.
      const shared = await this.deps.state.sessionTasks(this.id).catch(() => []);
      for (const id of shared) this.tasks.add(id);
      if (this.closed) return; // ended meanwhile: the agent's side is gone
    }
    if (task !== undefined && !this.tasks.has(task)) {
      recordRefused(this, request, NOT_OWN_TASK_REASON);
      await this.sendDownstream(unknownTaskReply(request), request.id);
      return;
    }
    this.forward(request);
  }

  /** Remembers a task this session created, here and for other replicas, before the agent learns its id. */
  private async rememberTask(taskId: string): Promise<void> {
    this.tasks.add(taskId);
    await this.deps.state.addSessionTask(this.id, taskId, SESSION_TTL_SECONDS).catch((error: unknown) => {
      this.deps.log.warn({ session: this.id, err: errorText(error) }, "could not share a session's task");
    });
  }

  /** Forwards a request upstream and relays its answer; `onResult` may rewrite a successful result. */
  forward(
    request: RpcRequest,
    hooks: Pick<Pending, "onResult" | "onDone" | "tool"> & { auditId?: string } = {},
  ): void {
    const key = idKey(request.id);
    const progressToken = (request.params?._meta as { progressToken?: string | number } | undefined)
      ?.progressToken;
    const entry: Pending = {
      id: request.id,
      method: request.method,
      auditId: hooks.auditId ?? uuidv7(),
      startedAt: Date.now(),
      timer: undefined,
      progressToken,
      ...hooks,
    };
    if (request.method === "initialize") entry.onResult = (message) => this.onInitialized(message);
    if (request.method === "tools/list")
      entry.onResult = (message) => this.toolView.filter(message, this.context());
    if (request.method === "tasks/list") entry.onResult = (message) => ownTasksOnly(message, this.tasks);
    this.pending.set(key, entry);
    if (progressToken !== undefined) this.progressOwners.set(String(progressToken), request.id);
    this.armTimer(entry);
    void this.sendUpstream(request as JSONRPCMessage, entry);
  }

  private armTimer(entry: Pending): void {
    if (entry.timer) clearTimeout(entry.timer);
    const timeoutMs = this.deps.config.upstreamTimeoutMs;
    entry.timer = setTimeout(() => {
      void this.sendUpstream({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId: entry.id, reason: "timeout" },
      } as JSONRPCMessage);
      this.failPending(entry, `no answer within ${timeoutMs} ms`, "timeout");
    }, timeoutMs);
  }

  private failPending(entry: Pending, detail: string, status: string): void {
    const key = idKey(entry.id);
    if (this.pending.get(key) !== entry) return;
    this.finishPending(key, entry);
    entry.onDone?.({ ok: false, status });
    if (!entry.onDone) recordForwarded(this, entry, "upstream_error", status);
    this.deps.metrics.decision("upstream_error");
    void this.sendDownstream(upstreamUnavailable(entry.id, detail), entry.id);
  }

  /** Stops waiting for a forwarded request's answer: it went upstream (allowed), and its answer will not be relayed. */
  private abandonPending(entry: Pending, status: "cancelled" | "revoked"): void {
    this.finishPending(idKey(entry.id), entry);
    if (entry.onDone) entry.onDone({ ok: true, status });
    else recordForwarded(this, entry, "allowed", status);
  }

  private finishPending(key: string, entry: Pending): void {
    if (entry.timer) clearTimeout(entry.timer);
    this.pending.delete(key);
    if (entry.progressToken !== undefined) this.progressOwners.delete(String(entry.progressToken));
  }

  private async ensureUpstream(): Promise<Transport> {
    if (this.upstream) return this.upstream;
    if (this.upstreamDead) throw new Error(this.upstreamDead);
    if (!this.upstreamOpening) {
      const ctx = this.context();
      if (!ctx) throw new Error("this server is no longer available");
      this.upstreamOpening = (async () => {
        const transport = await openUpstream(
          ctx.server,
          { allowPrivate: this.deps.config.allowPrivateUpstreams, allowStdio: this.deps.config.allowStdio },
          { sessionId: this.resume.upstreamSessionId, protocolVersion: this.resume.protocolVersion },
        );
        transport.onmessage = (message) => this.fromUpstream(message);
        transport.onclose = () => this.upstreamClosed();
        transport.onerror = (error) => {
          if (error instanceof UnansweredRequests) this.failUnanswered(error);
          else this.deps.log.debug({ session: this.id, err: errorText(error) }, "upstream transport error");
        };
        await transport.start();
        this.upstream = transport;
        return transport;
      })();
      this.upstreamOpening.catch(() => {
        this.upstreamOpening = undefined;
      });
    }
    return this.upstreamOpening;
  }

  private async sendUpstream(message: JSONRPCMessage, entry?: Pending): Promise<void> {
    try {
      const upstream = await this.ensureUpstream();
      await upstream.send(message);
    } catch (error: unknown) {
      if (upstreamSessionGone(error) && this.upstream?.sessionId) {
        const detail = "the upstream server ended this session";
        if (entry) this.failPending(entry, detail, "closed");
        this.upstreamGone(detail);
        return;
      }
      const tooLarge = error instanceof UpstreamError && error.code === "message_too_large";
      if (entry) this.failPending(entry, errorText(error), tooLarge ? "too_large" : "unreachable");
      else
        this.deps.log.debug(
          { session: this.id, err: errorText(error) },
          "could not relay a message upstream",
        );
    }
  }

  /** The upstream's answer stream ended (or was refused) before these requests were answered: say so now. */
  private failUnanswered(error: UnansweredRequests): void {
    const status = error.reason === "message_too_large" ? "too_large" : "no_answer";
    for (const id of error.requestIds) {
      const entry = this.pending.get(idKey(id));
      if (entry) this.failPending(entry, error.message, status);
    }
  }

  private upstreamClosed(): void {
    if (this.closed) return;
    this.upstreamDead = "the upstream connection closed";
    this.upstream = undefined;
    this.upstreamGone(this.upstreamDead);
  }

  /**
   * The upstream session is over (its connection closed, its process exited, or the server no longer knows it), so
   * the agent's session ends too, as it would talking to the server directly: what is in flight is answered, and
   * the agent's next request gets 404, on which it initializes a new session (and with it a new upstream one).
   */
  private upstreamGone(detail: string): void {
    if (this.closed || this.ending) return;
    this.deps.log.info({ session: this.id, reason: detail }, "ending a session its upstream ended");
    void this.endAfterAnswering(
      (entry) => this.failPending(entry, detail, "closed"),
      new SessionEnding(detail),
      { reason: notSent(detail), decision: "upstream_error", reply: (id) => upstreamUnavailable(id, detail) },
    );
  }

  private fromUpstream(message: JSONRPCMessage): void {
    const kind = kindOf(message);
    if (kind === "result" || kind === "error") {
      const id = (message as { id: RequestId }).id;
      const key = idKey(id);
      const entry = this.pending.get(key);
      if (!entry) {
        // Not an answer to a request in progress (a late answer after a timeout or a cancellation, or a repeat):
        // the agent has had its answer or no longer wants one, and an unfiltered tools/list must never pass.
        this.deps.log.debug({ session: this.id }, "dropped an upstream answer to no request in progress");
        return;
      }
      this.finishPending(key, entry);
      this.deps.metrics.upstreamLatency((Date.now() - entry.startedAt) / 1000);
      let out = message;
      if (kind === "result" && entry.onResult) {
        try {
          out = entry.onResult(message);
        } catch (error: unknown) {
          this.deps.log.error({ session: this.id, err: errorText(error) }, "could not rewrite a result");
        }
      }
      const task = kind === "result" ? createdTask(message as RpcResult) : undefined;
      if (task === undefined)
        void this.sendDownstream(out, id); // written before the audit event is built
      else void this.rememberTask(task).then(() => this.sendDownstream(out, id));
      const status = kind === "error" ? "error" : "ok";
      if (entry.onDone) entry.onDone({ ok: true, status });
      else recordForwarded(this, entry, "allowed", status);
      return;
    }
    if (kind === "notification") {
      const note = message as RpcNotification;
      if (note.method === "notifications/progress") {
        const owner = this.progressOwners.get(String(note.params?.progressToken));
        const entry = owner === undefined ? undefined : this.pending.get(idKey(owner));
        if (entry) this.armTimer(entry);
        void this.sendDownstream(message, owner ?? this.latestPending());
        return;
      }
      if (note.method === "notifications/tools/list_changed") {
        void this.sendDownstream(message, undefined);
        return;
      }
    }
    void this.sendDownstream(message, this.latestPending());
  }

  /** The most recent request still waiting upstream: where server→client messages most likely belong. */
  private latestPending(): RequestId | undefined {
    let last: Pending | undefined;
    for (const entry of this.pending.values()) last = entry;
    return last?.id;
  }

  async sendDownstream(message: JSONRPCMessage, relatedRequestId: RequestId | undefined): Promise<void> {
    if (this.closed) return;
    if ("id" in message && !("method" in message)) this.unanswered.delete(idKey(message.id as RequestId));
    try {
      await this.downstream.send(message, relatedRequestId === undefined ? undefined : { relatedRequestId });
    } catch {
      if (relatedRequestId === undefined || kindOf(message) === "result" || kindOf(message) === "error")
        return;
      await this.downstream.send(message).catch(() => undefined); // the request's stream is gone: use the GET stream
    }
  }

  private onInitialized(message: JSONRPCMessage): JSONRPCMessage {
    const result = (message as RpcResult).result;
    const capabilities = (result.capabilities ?? {}) as Record<string, unknown>;
    const tools = (capabilities.tools ?? {}) as Record<string, unknown>;
    result.capabilities = { ...capabilities, tools: { ...tools, listChanged: true } };
    const version = typeof result.protocolVersion === "string" ? result.protocolVersion : undefined;
    if (version) this.upstream?.setProtocolVersion?.(version);
    this.deps.onUpstreamSession(this, this.upstream?.sessionId, version);
    return message;
  }

  /**
   * After a reload: a session whose caller may no longer use the server (suspended, unscoped, its keys revoked)
   * ends, streams and upstream session included; otherwise the agent is told to list tools again when what it may
   * see changed.
   */
  configChanged(): void {
    const ctx = this.context();
    const revoked = ctx ? accessRevoked(ctx, this.keyIds) : "the server is no longer available";
    if (revoked) {
      void this.endRevoked(revoked);
      return;
    }
    if (this.toolView.changedUnder(ctx)) void this.sendDownstream(toolsListChanged(), undefined);
  }

  /**
   * Ends a session whose caller lost access, answering what is in flight with the reason first: calls waiting on
   * the upstream get -32003 now (their answers, if they come, are dropped), and held calls are refused by
   * tool-call.ts once their wait is aborted.
   */
  private async endRevoked(reason: string): Promise<void> {
    if (this.closed || this.ending) return;
    this.deps.log.info({ session: this.id, reason }, "ending a session its caller may no longer use");
    const reply = (id: RequestId) => errorReply(id, RPC_ANSWERS.forbidden(reason));
    await this.endAfterAnswering(
      (entry) => {
        this.abandonPending(entry, "revoked");
        void this.sendDownstream(reply(entry.id), entry.id);
      },
      new AccessRevoked(reason),
      { reason: notSent(reason), decision: "denied", reply },
    );
  }

  /**
   * Closes the session once what is in flight is answered: `answer` for each request waiting on the upstream, and
   * held calls aborted with `heldReason`, which tool-call.ts answers.
   */
  private async endAfterAnswering(
    answer: (entry: Pending) => void,
    heldReason: Error,
    end: SessionEnd,
  ): Promise<void> {
    if (this.closed || this.ending) return;
    this.ending = end;
    for (const controller of this.held.values()) controller.abort(heldReason);
    for (const entry of [...this.pending.values()]) answer(entry);
    const deadline = Date.now() + 2000;
    while (this.held.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setImmediate(resolve)); // the held calls' refusals are written
    await this.close();
  }

  /** Requests waiting on the upstream or on a person. */
  get inFlight(): number {
    return this.pending.size + this.held.size;
  }

  get upstreamSessionId(): string | undefined {
    return this.upstream?.sessionId;
  }

  /** Ends the session: the agent's side, and the upstream session too (DELETE) unless it is only detached. */
  close(): Promise<void> {
    return this.end(true);
  }

  /** Closes this replica's side without ending the upstream session (shutdown; another replica may resume it). */
  detach(): Promise<void> {
    return this.end(false);
  }

  private async end(terminateUpstream: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const controller of this.held.values()) controller.abort();
    for (const [key, entry] of this.pending) this.finishPending(key, entry);
    this.unanswered.clear();
    // The agent's side first: from now on its requests in this session are answered 404 at once, not while the
    // upstream is told.
    await this.downstream.close().catch(() => undefined);
    const upstream = this.upstream ?? (await this.upstreamOpening?.catch(() => undefined));
    this.upstream = undefined;
    const terminate = (upstream as { terminateSession?: () => Promise<void> } | undefined)?.terminateSession;
    if (terminateUpstream && upstream && terminate) await terminate.call(upstream).catch(() => undefined);
    await upstream?.close().catch(() => undefined);
    this.onClosed(this, terminateUpstream);
  }
}
