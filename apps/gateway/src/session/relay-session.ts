/**
 * One agent session: a thin JSON-RPC relay between the agent's transport (downstream) and its upstream server
 * (forwarder.ts), whose connection opens with the first message. Messages pass both ways untouched except
 * `initialize` results (tools.listChanged added where tools are offered), `tools/list` results (filtered by policy), `tools/call` requests
 * (decided, see tool-call.ts) and requests about tasks (only this session's own, see task-scope.ts).
 * A request that reuses the id of one in progress is refused, and an upstream answer to no request in progress is
 * dropped: every answer the agent gets belongs to exactly one request, filtered and audited as that request.
 */
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import { type AuditSubject, auditSubject } from "../audit/audit-event.js";
import { type Caller, currentCaller, sameCaller } from "../auth/caller.js";
import { AbsentAnswers } from "./absent-answers.js";
import { AccessRevoked, accessRevoked } from "./access.js";
import { DROPPED_NOTIFICATION_REASON, DUPLICATE_ID_REASON, recordRefused } from "./audit-request.js";
import type { CallSession, ForwardHooks } from "./call-session.js";
import { type ListFilters, listHooks } from "./filtered-lists.js";
import { Forwarder } from "./forwarder.js";
import { HeldCalls } from "./held-calls.js";
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
  withToolsListChanged,
} from "./messages.js";
import type { SessionServices } from "./services.js";
import { SessionEnder } from "./session-end.js";
import { SessionTasks } from "./session-tasks.js";
import { NOT_OWN_TASK_REASON, unknownTaskReply } from "./task-scope.js";
import { handleToolCall } from "./tool-call.js";
import { ToolListView } from "./tool-list-view.js";
import { ConnectionGate } from "./unconnected.js";

/** What the registry learns of a session. */
export interface SessionEvents {
  /** The upstream answered `initialize`: the session record can now be shared with other replicas. */
  initialized(session: RelaySession, upstreamSessionId: string | undefined, protocolVersion?: string): void;
  /** `ended`: the session is over (closed, not only detached from this replica). */
  closed(session: RelaySession, ended: boolean): void;
}

export class RelaySession implements CallSession {
  private readonly upstream: Forwarder;
  /** Ids (idKey) of the agent's requests not yet answered or cancelled: a request may not reuse one. */
  private readonly unanswered = new Set<string>();
  /** The agent keys this session's requests came with (none for a public server's anonymous agent). */
  private readonly keyIds = new Set<string>();
  private readonly tasks: SessionTasks;
  private readonly held = new HeldCalls();
  /** What the agent sees of the upstream's tools (filtering, pinning, list_changed). */
  private readonly toolView: ToolListView;
  /** The upstream's answers for a tool or task it does not have, for what this agent may not see. */
  private readonly absent: AbsentAnswers;
  private readonly listFilters: ListFilters = {
    tools: (message) => this.toolView.filter(message, this.context()),
    tasks: (message) => this.tasks.filterList(message),
  };
  private readonly ender: SessionEnder;
  private closed = false;
  /** Answers the session itself while its caller has no usable upstream OAuth connection. */
  private readonly gate: ConnectionGate;
  lastActivity = Date.now();

  constructor(
    readonly id: string,
    /** Who opened the session; kept current by every context() that finds them. */
    private caller: Caller,
    private readonly downstream: Transport,
    private readonly services: SessionServices,
    private readonly events: SessionEvents,
    resume: { upstreamSessionId?: string | undefined; protocolVersion?: string | undefined } = {},
  ) {
    this.toolView = new ToolListView(services.drift, this.context());
    this.tasks = new SessionTasks(id, services.state, services.log);
    this.upstream = new Forwarder(
      services,
      {
        id,
        reply: (message, related) => this.reply(message, related),
        subject: () => this.subject(),
        server: () => this.context()?.server,
        taskCreated: (taskId) => this.tasks.remember(taskId),
        upstreamGone: (detail) => this.ender.upstreamGone(detail),
        unauthorized: (entry, kind) => this.gate.unauthorized(entry, kind),
        isClosed: () => this.closed,
      },
      resume,
    );
    this.absent = new AbsentAnswers((request) => this.upstream.ask(request));
    this.gate = new ConnectionGate(services, this, resume);
    this.ender = new SessionEnder(services.log, id, {
      held: () => this.held.byKey,
      pending: () => this.upstream.waiting(),
      fail: (entry, detail) => this.upstream.fail(entry, detail, "closed"),
      abandon: (entry, reply) => {
        this.upstream.abandon(entry, "revoked");
        void this.reply(reply, entry.id);
      },
      close: () => this.close(),
      isClosed: () => this.closed,
    });
    downstream.onmessage = (message, extra) =>
      this.fromClient(message, extra?.authInfo?.clientId || undefined);
    downstream.onclose = () => void this.close();
    downstream.onerror = (error) =>
      services.log.debug({ session: id, err: errorText(error) }, "downstream error");
  }

  /** Who opened the session, as last seen (account, server and agent stay the same for its life). */
  get owner(): Caller {
    return this.caller;
  }

  /** Whether `caller` is this session's agent on this session's server. */
  belongsTo(caller: Caller): boolean {
    return sameCaller(this.caller, caller);
  }

  context(keyId: string | undefined = this.caller.keyId, last?: Caller): Caller | undefined {
    const caller = currentCaller(this.services.accounts, last ?? this.caller, keyId, last !== undefined);
    if (caller) this.caller = caller;
    return caller;
  }

  pinnedHidden(tool: string, caller: Caller): boolean {
    return this.toolView.isPinnedHidden(tool, caller);
  }

  unknownToolReply(request: RpcRequest): Promise<JSONRPCMessage> {
    return this.absent.unknownTool(request);
  }

  hold(requestId: RequestId): AbortSignal {
    return this.held.hold(requestId);
  }

  release(requestId: RequestId): void {
    this.held.release(requestId);
  }

  subject(): AuditSubject {
    return auditSubject(this.caller, this.id);
  }

  /** A message from the agent; `keyId` is the agent key its HTTP request carried (none for a public server). */
  private fromClient(message: JSONRPCMessage, keyId: string | undefined): void {
    this.lastActivity = Date.now();
    if (keyId !== undefined) this.keyIds.add(keyId);
    const kind = kindOf(message);
    if (kind === "request") {
      this.fromClientRequest(message as RpcRequest, keyId);
      return;
    }
    if (kind === "notification") {
      const note = message as RpcNotification;
      if (!note.method.startsWith("notifications/")) {
        // A request method sent without an id (e.g. tools/call as a notification) would reach the upstream
        // undecided: never forward it. A notification gets no answer, so it is only audited.
        this.services.metrics.request(note.method);
        recordRefused(this.services, this.subject(), note, DROPPED_NOTIFICATION_REASON);
        return;
      }
      if (note.method === "notifications/cancelled" && this.cancelled(note)) return;
    }
    if (this.gate.answeringLocally) return; // there is no upstream session to tell
    void this.upstream.send(message);
  }

  private fromClientRequest(request: RpcRequest, keyId: string | undefined): void {
    this.services.metrics.request(request.method);
    const key = idKey(request.id);
    if (this.unanswered.has(key)) {
      // JSON-RPC and MCP forbid reusing an id in progress: answering both under one id would lose one of them,
      // and with it its audit event or its tools/list filter. Refused, never forwarded; the first is not touched.
      recordRefused(this.services, this.subject(), request, DUPLICATE_ID_REASON);
      const reply = errorReply(request.id, RPC_ANSWERS.duplicateRequestId);
      void this.downstream.send(reply, { relatedRequestId: request.id }).catch(() => undefined);
      return;
    }
    this.unanswered.add(key);
    const { ending } = this.ender;
    if (ending) {
      recordRefused(this.services, this.subject(), request, ending.reason, ending.decision);
      void this.reply(ending.reply(request.id), request.id);
      return;
    }
    if (this.gate.intercept(request)) return;
    if (request.method === "tools/call") void handleToolCall(this, this.services, request, keyId);
    else if (request.method.startsWith("tasks/")) void this.forwardTaskRequest(request);
    else this.forward(request);
  }

  /** notifications/cancelled: true when it is consumed here (a held call, which the upstream never saw). */
  private cancelled(note: RpcNotification): boolean {
    const requestId = note.params?.requestId as RequestId | undefined;
    if (requestId === undefined) return false;
    this.unanswered.delete(idKey(requestId));
    if (this.held.cancel(requestId)) return true;
    this.upstream.cancelled(requestId);
    return false;
  }

  /**
   * A tasks/* request: forwarded when it is about a task this session created (tasks/list: with the others left out
   * of its answer); about any other task it is refused as an unknown task.
   */
  private async forwardTaskRequest(request: RpcRequest): Promise<void> {
    const allowed = await this.tasks.allows(request);
    if (this.closed) return; // ended meanwhile: the agent's side is gone
    if (allowed) {
      this.forward(request);
      return;
    }
    recordRefused(this.services, this.subject(), request, NOT_OWN_TASK_REASON);
    await this.reply(await this.absent.unknownTask(request, () => unknownTaskReply(request)), request.id);
  }

  /** Forwards a request upstream and relays its answer, rewritten where policy needs it. */
  forward(request: RpcRequest, hooks: ForwardHooks = {}): void {
    const list = listHooks(request, this.listFilters, (asked) => this.upstream.ask(asked));
    if (list) this.upstream.forward(request, { ...hooks, ...list });
    else if (request.method !== "initialize") this.upstream.forward(request, hooks);
    else this.upstream.forward(request, { ...hooks, onResult: (message) => this.onInitialized(message) });
  }

  async reply(message: JSONRPCMessage, relatedRequestId: RequestId | undefined): Promise<void> {
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
    const result = withToolsListChanged(message as RpcResult).result;
    const version = typeof result.protocolVersion === "string" ? result.protocolVersion : undefined;
    if (version) this.upstream.setProtocolVersion(version);
    this.gate.upstreamInitialized();
    this.events.initialized(this, this.upstream.upstreamSessionId, version);
    return message;
  }

  /**
   * After a reload: a session whose caller may no longer use the server (suspended, unscoped, its keys revoked)
   * ends, streams and upstream session included; otherwise the agent is told to list tools again when what it may
   * see changed.
   */
  configChanged(): void {
    const caller = this.context();
    const revoked = caller ? accessRevoked(caller, this.keyIds) : "the server is no longer available";
    if (revoked) {
      void this.ender.endRevoked(revoked, new AccessRevoked(revoked));
      return;
    }
    void this.gate.endReason().then((reason) => {
      if (reason) void this.ender.endRevoked(reason, new AccessRevoked(reason));
    });
    if (this.toolView.changedUnder(caller)) void this.reply(toolsListChanged(), undefined);
  }

  /** Requests waiting on the upstream or on a person. */
  get inFlight(): number {
    return this.upstream.size + this.held.size;
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
    this.held.abortAll();
    this.unanswered.clear();
    // The agent's side first: from now on its requests in this session are answered 404 at once, not while the
    // upstream is told.
    this.upstream.stopWaiting();
    await this.downstream.close().catch(() => undefined);
    await this.upstream.close(terminateUpstream);
    this.events.closed(this, terminateUpstream);
  }
}
