/**
 * The upstream side of a session: requests forwarded to the upstream and waited on (pending-requests.ts), their
 * answers relayed to the agent and audited as the request they answer, and what the upstream sends on its own
 * (notifications, server→client requests) passed to the agent on the stream it most likely belongs to.
 */
import { UpstreamError, upstreamSessionGone } from "@gatehouse/upstream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import type { AuditSubject } from "../audit/audit-event.js";
import type { ServerSnapshot } from "../config/snapshot.js";
import { uuidv7 } from "../ids.js";
import { upstreamRefusal } from "../upstream/upstream-refusal.js";
import { authorizationErrorKind, type ConnectionProblem } from "../upstream-oauth/authorizations.js";
import { recordForwarded } from "./audit-request.js";
import type { ForwardHooks } from "./call-session.js";
import {
  agentSafeDetail,
  errorReply,
  errorText,
  kindOf,
  type RequestId,
  type RpcNotification,
  type RpcRequest,
  type RpcResult,
} from "./messages.js";
import { type Pending, PendingRequests } from "./pending-requests.js";
import type { SessionServices } from "./services.js";
import { createdTask } from "./task-scope.js";
import { UpstreamLink } from "./upstream-link.js";

/** What the forwarder needs of its session. */
export interface ForwardingSession {
  readonly id: string;
  reply(message: JSONRPCMessage, relatedRequestId: RequestId | undefined): Promise<void>;
  subject(): AuditSubject;
  /** The server to open the upstream connection to (undefined: it is gone). */
  server(): ServerSnapshot | undefined;
  /** A result created a task: remember it before the agent learns its id. */
  taskCreated(taskId: string): Promise<void>;
  /** The upstream ended the session (closed, or no longer knows it). */
  upstreamGone(detail: string): void;
  /** A request could not go upstream: the caller's OAuth connection is missing or its refresh was refused. */
  unauthorized(entry: Pending, kind: ConnectionProblem["kind"]): void;
  isClosed(): boolean;
}

export class Forwarder {
  private readonly pending: PendingRequests;
  private readonly link: UpstreamLink;

  constructor(
    private readonly services: SessionServices,
    private readonly session: ForwardingSession,
    resume: { upstreamSessionId?: string | undefined; protocolVersion?: string | undefined },
  ) {
    this.pending = new PendingRequests(services.config.upstreamTimeoutMs, (entry) => this.timedOut(entry));
    const { config } = services;
    this.link = new UpstreamLink(
      { allowPrivate: config.allowPrivateUpstreams, allowStdio: config.allowStdio },
      resume,
      {
        message: (message) => this.fromUpstream(message),
        closed: () => {
          if (!session.isClosed()) session.upstreamGone("the upstream connection closed");
        },
        unanswered: (error) => {
          const status = error.reason === "message_too_large" ? "too_large" : "no_answer";
          for (const id of error.requestIds) {
            const entry = this.pending.get(id);
            if (entry) this.fail(entry, error.message, status);
          }
        },
        error: (error) =>
          services.log.debug({ session: session.id, err: errorText(error) }, "upstream transport error"),
      },
      (server) =>
        server.oauth ? services.authorizations.forCaller(server, session.subject().agentId) : undefined,
    );
  }

  /** Requests waiting on the upstream. */
  get size(): number {
    return this.pending.size;
  }

  get upstreamSessionId(): string | undefined {
    return this.link.sessionId;
  }

  /** Whether the upstream connection is open. */
  get started(): boolean {
    return this.link.started;
  }

  setProtocolVersion(version: string): void {
    this.link.setProtocolVersion(version);
  }

  /** The agent's requests waiting on the upstream (the gateway's own asks are not among them). */
  waiting(): Pending[] {
    return this.pending.all().filter((entry) => !entry.settle);
  }

  /** Forwards a request upstream and relays its answer; `onResult` may rewrite a successful result. */
  forward(request: RpcRequest, hooks: ForwardHooks & Pick<Pending, "complete">): void {
    const entry = this.pending.add(request, hooks.auditId ?? uuidv7(), hooks);
    void this.send(request as JSONRPCMessage, entry);
  }

  /**
   * Asks the upstream a request of the gateway's own (see absent-answers.ts): its answer comes back here, never to
   * the agent, and is neither audited nor counted; undefined when none came (failure, timeout, session ended).
   */
  ask(request: RpcRequest): Promise<JSONRPCMessage | undefined> {
    return new Promise((settle) => {
      const entry = this.pending.add(request, "", { settle });
      void this.send(request as JSONRPCMessage, entry);
    });
  }

  /** The agent cancelled a request: no answer will come, so stop waiting (no timeout error) and record it. */
  cancelled(requestId: RequestId): void {
    const entry = this.pending.get(requestId);
    if (entry && !entry.settle) this.abandon(entry, "cancelled");
  }

  /** Sends a message upstream; for a request (`entry`) a failure is its answer. */
  async send(message: JSONRPCMessage, entry?: Pending): Promise<void> {
    try {
      await this.link.send(message, () => this.session.server());
    } catch (error: unknown) {
      if (entry?.settle) {
        this.fail(entry, "", "");
        return; // the agent's own next request meets the same failure and is answered for it
      }
      const unauthorized = authorizationErrorKind(error);
      if (unauthorized) {
        if (entry && this.pending.has(entry)) {
          this.pending.finish(entry);
          entry.onDone?.({ ok: false, status: "unauthorized" });
          if (!entry.onDone)
            recordForwarded(this.services, this.session.subject(), entry, "upstream_error", "unauthorized");
          this.services.metrics.decision("upstream_error");
          this.session.unauthorized(entry, unauthorized);
        }
        return;
      }
      if (upstreamSessionGone(error) && this.link.sessionId) {
        const detail = "the upstream server ended this session";
        if (entry) this.fail(entry, detail, "closed");
        this.session.upstreamGone(detail);
        return;
      }
      const refusal = entry ? upstreamRefusal(error, entry.id) : undefined;
      if (entry && refusal?.body.id === entry.id) {
        // The upstream's JSON-RPC answer, sent with a 4xx status (a 2026-07-28-only server's -32022 to initialize).
        this.fromUpstream(refusal.body as JSONRPCMessage);
        return;
      }
      const tooLarge = error instanceof UpstreamError && error.code === "message_too_large";
      if (entry) this.fail(entry, agentSafeDetail(error), tooLarge ? "too_large" : "unreachable");
      if (entry)
        this.services.log.debug(
          { session: this.session.id, err: errorText(error) },
          "upstream request failed",
        );
      else
        this.services.log.debug(
          { session: this.session.id, err: errorText(error) },
          "could not relay a message upstream",
        );
    }
  }

  /** Answers a waiting request as failed (Upstream unavailable) and audits it so. */
  fail(entry: Pending, detail: string, status: string): void {
    if (!this.pending.has(entry)) return;
    this.pending.finish(entry);
    if (entry.settle) {
      entry.settle(undefined);
      return;
    }
    entry.onDone?.({ ok: false, status });
    if (!entry.onDone)
      recordForwarded(this.services, this.session.subject(), entry, "upstream_error", status);
    this.services.metrics.decision("upstream_error");
    void this.session.reply(errorReply(entry.id, RPC_ANSWERS.upstreamUnavailable(detail)), entry.id);
  }

  /** Stops waiting for a forwarded request's answer: it went upstream (allowed), and its answer will not be relayed. */
  abandon(entry: Pending, status: "cancelled" | "revoked"): void {
    this.pending.finish(entry);
    if (entry.settle) {
      entry.settle(undefined);
      return;
    }
    if (entry.onDone) entry.onDone({ ok: true, status });
    else recordForwarded(this.services, this.session.subject(), entry, "allowed", status);
  }

  /** Stops waiting on every request (the session is ending): their answers, if they come, are dropped. */
  stopWaiting(): void {
    this.pending.clear();
  }

  /** Closes the upstream connection; `terminate` ends the upstream session too. */
  close(terminate: boolean): Promise<void> {
    this.pending.clear();
    return this.link.close(terminate);
  }

  private timedOut(entry: Pending): void {
    void this.send({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: entry.id, reason: "timeout" },
    } as JSONRPCMessage);
    this.fail(entry, `no answer within ${this.services.config.upstreamTimeoutMs} ms`, "timeout");
  }

  private fromUpstream(message: JSONRPCMessage): void {
    const kind = kindOf(message);
    if (kind === "result" || kind === "error") {
      this.answer(message, kind);
      return;
    }
    if (kind === "notification") {
      const note = message as RpcNotification;
      if (note.method === "notifications/progress") {
        const owner = this.pending.progressOwner(note.params?.progressToken);
        void this.session.reply(message, owner ?? this.pending.latest());
        return;
      }
      if (note.method === "notifications/tools/list_changed") {
        void this.session.reply(message, undefined);
        return;
      }
    }
    void this.session.reply(message, this.pending.latest());
  }

  private answer(message: JSONRPCMessage, kind: "result" | "error"): void {
    const id = (message as { id: RequestId }).id;
    const entry = this.pending.get(id);
    if (!entry) {
      // Not an answer to a request in progress (a late answer after a timeout or a cancellation, or a repeat):
      // the agent has had its answer or no longer wants one, and an unfiltered tools/list must never pass.
      this.services.log.debug(
        { session: this.session.id },
        "dropped an upstream answer to no request in progress",
      );
      return;
    }
    this.pending.finish(entry);
    if (entry.settle) {
      entry.settle(message);
      return;
    }
    this.services.metrics.upstreamLatency((Date.now() - entry.startedAt) / 1000);
    let out = message;
    if (kind === "result" && entry.onResult) {
      try {
        out = entry.onResult(message);
      } catch (error: unknown) {
        this.services.log.error(
          { session: this.session.id, err: errorText(error) },
          "could not rewrite a result",
        );
      }
    }
    const task = kind === "result" ? createdTask(message as RpcResult) : undefined;
    if (kind === "result" && entry.complete) {
      const complete = entry.complete;
      void complete(out).then((done) => this.session.reply(done, id));
    } else if (task === undefined)
      void this.session.reply(out, id); // written before the audit event is built
    else void this.session.taskCreated(task).then(() => this.session.reply(out, id));
    const status = kind === "error" ? "error" : "ok";
    if (entry.onDone) entry.onDone({ ok: true, status });
    else recordForwarded(this.services, this.session.subject(), entry, "allowed", status);
  }
}
