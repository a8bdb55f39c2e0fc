/**
 * One stateless (MCP 2026-07-28) request through the gateway, as the call handler sees a session (CallSession): its
 * answer is the HTTP response — plain JSON, or an event stream once something (progress, an approval hold's
 * keep-alive, the upstream's own notifications) has to reach the agent before the answer. Forwarding runs one
 * exchange with the upstream (modern-upstream.ts) and relays what it answers, rewritten where policy needs it.
 */
import type { ServerResponse } from "node:http";
import type { UpstreamAuthorization } from "@gatehouse/upstream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import { type AuditSubject, auditSubject } from "../audit/audit-event.js";
import { type Caller, currentCaller } from "../auth/caller.js";
import { uuidv7 } from "../ids.js";
import type { AbsentAnswers } from "../session/absent-answers.js";
import { recordForwarded } from "../session/audit-request.js";
import type { CallSession, ForwardHooks } from "../session/call-session.js";
import {
  errorReply,
  kindOf,
  type RequestId,
  type RpcRequest,
  type RpcResult,
  upstreamUnavailable,
} from "../session/messages.js";
import type { SessionServices } from "../session/services.js";
import { SessionTasks } from "../session/session-tasks.js";
import { createdTask, unknownTaskReply } from "../session/task-scope.js";
import { exchangeWithUpstream, type UpstreamOutcome } from "./modern-upstream.js";

export class ModernExchange implements CallSession {
  private streaming = false;
  private answered = false;
  /** Aborted when the agent's connection closes: that is how a stateless agent cancels. */
  private readonly gone = new AbortController();
  private done: () => void = () => undefined;
  /** Resolves once the agent has its answer (or went away). */
  readonly finished = new Promise<void>((resolve) => {
    this.done = resolve;
  });

  constructor(
    /** Stands in for a session id in audit events and session-scoped rate limits (see modern-relay.ts). */
    readonly id: string,
    private caller: Caller,
    private readonly services: SessionServices,
    private readonly res: ServerResponse,
    /** The agent's protocol headers, sent on upstream as they came. */
    private readonly protocolHeaders: Record<string, string>,
    /** The upstream's answers for what it lacks, learnt once per credential (see modern-relay.ts). */
    private readonly absent: Pick<AbsentAnswers, "unknownTool" | "unknownTask">,
  ) {
    res.once("close", () => {
      if (!res.writableFinished) this.gone.abort();
      this.done();
    });
  }

  get signal(): AbortSignal {
    return this.gone.signal;
  }

  subject(): AuditSubject {
    return auditSubject(this.caller, this.id);
  }

  context(keyId: string | undefined = this.caller.keyId, last?: Caller): Caller | undefined {
    const caller = currentCaller(this.services.accounts, last ?? this.caller, keyId, last !== undefined);
    if (caller) this.caller = caller;
    return caller;
  }

  /** A stateless agent sees no tools/list answer of its own between requests: the catalogue's pending set decides. */
  pinnedHidden(tool: string, caller: Caller): boolean {
    return caller.server.pinTools && caller.server.pendingTools.has(tool);
  }

  unknownToolReply(request: RpcRequest): Promise<JSONRPCMessage> {
    return this.absent.unknownTool(request);
  }

  /** The answer to a request about a task this credential did not create: the upstream's for an unknown task. */
  unknownTaskReply(request: RpcRequest): Promise<JSONRPCMessage> {
    return this.absent.unknownTask(request, () => unknownTaskReply(request));
  }

  /**
   * Asks the upstream a request of the gateway's own (AbsentAnswers' made-up name) under this request's version and
   * capabilities, whether or not this agent is still waiting; undefined when no answer came.
   */
  async ask(probe: RpcRequest, envelope: unknown): Promise<JSONRPCMessage | undefined> {
    const name = probe.params?.name ?? probe.params?.taskId;
    const headers: Record<string, string> = { "mcp-method": probe.method };
    const version = this.protocolHeaders["mcp-protocol-version"];
    if (version !== undefined) headers["mcp-protocol-version"] = version;
    if (typeof name === "string") headers["mcp-name"] = name;
    const message = { ...probe, params: { ...probe.params, _meta: envelope } } as JSONRPCMessage;
    const outcome = await this.exchange(
      message,
      this.services.config.upstreamTimeoutMs,
      headers,
      new AbortController().signal,
    );
    if (outcome.kind === "answer") return outcome.message;
    if (outcome.kind === "refused") return outcome.body as JSONRPCMessage;
    return undefined;
  }

  hold(): AbortSignal {
    return this.gone.signal;
  }

  release(): void {}

  async reply(message: JSONRPCMessage, _requestId?: RequestId): Promise<void> {
    if (this.answered || this.res.writableEnded) return;
    const kind = kindOf(message);
    const final = kind === "result" || kind === "error";
    if (final) this.answered = true;
    // Every 2026-07-28 result names its type; the gateway's own (a refusal) are complete answers.
    if (kind === "result") (message as RpcResult).result.resultType ??= "complete";
    if (!this.streaming && final) {
      this.writeJson(200, message);
      return;
    }
    if (!this.streaming) {
      this.streaming = true;
      this.res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      this.res.flushHeaders();
    }
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    if (final) this.res.end();
  }

  /** Answers with the gateway's or the upstream's HTTP status and JSON body (a refusal before anything streamed). */
  writeJson(status: number, body: unknown): void {
    this.answered = true;
    if (!this.res.headersSent) writeAnswer(this.res, status, body);
    else if (this.streaming && !this.res.writableEnded && body !== undefined)
      this.res.end(`event: message\ndata: ${JSON.stringify(body)}\n\n`);
  }

  forward(request: RpcRequest, hooks: ForwardHooks): void {
    void this.relay(request as JSONRPCMessage, hooks).catch((error: unknown) => {
      this.services.log.error({ err: String(error) }, "stateless relay failed");
      hooks.onDone?.({ ok: false, status: "gateway_error" });
      void this.reply(errorReply(request.id, RPC_ANSWERS.gatewayError));
    });
  }

  /** Sends a notification upstream; resolves with the upstream's outcome. */
  notify(message: JSONRPCMessage): Promise<UpstreamOutcome> {
    return this.exchange(message, undefined);
  }

  private async exchange(
    message: JSONRPCMessage,
    timeoutMs: number | undefined,
    headers = this.protocolHeaders,
    signal = this.gone.signal,
  ): Promise<UpstreamOutcome> {
    const server = this.caller.server;
    const authorization: UpstreamAuthorization | undefined = server.oauth
      ? await this.services.authorizations.forCaller(server, this.caller.agent.id)
      : undefined;
    return exchangeWithUpstream({
      server,
      switches: {
        allowPrivate: this.services.config.allowPrivateUpstreams,
        allowStdio: this.services.config.allowStdio,
      },
      authorization,
      message,
      headers,
      timeoutMs,
      signal,
      onMessage: (note) => void this.reply(note),
    });
  }

  private async relay(message: JSONRPCMessage, hooks: ForwardHooks): Promise<void> {
    const request = message as unknown as RpcRequest;
    const startedAt = Date.now();
    const auditId = hooks.auditId ?? uuidv7(startedAt);
    const listens = request.method === "subscriptions/listen"; // open until the agent leaves
    const outcome = await this.exchange(
      message,
      listens ? undefined : this.services.config.upstreamTimeoutMs,
    );
    const done = (ok: boolean, status: string) => {
      if (hooks.onDone) hooks.onDone({ ok, status });
      else
        recordForwarded(
          this.services,
          this.subject(),
          { method: request.method, auditId, startedAt, tool: hooks.tool },
          ok ? "allowed" : "upstream_error",
          status,
        );
    };
    if (outcome.kind === "failed") {
      if (outcome.status === "cancelled") {
        done(true, "cancelled");
        return;
      }
      this.services.metrics.decision("upstream_error");
      done(false, outcome.status);
      await this.reply(upstreamUnavailable(request.id, outcome.detail));
      return;
    }
    this.services.metrics.upstreamLatency((Date.now() - startedAt) / 1000);
    if (outcome.kind === "refused") {
      done(true, "error");
      this.writeJson(outcome.status, outcome.body);
      return;
    }
    let answer = outcome.message as JSONRPCMessage;
    const isResult = kindOf(answer) === "result";
    if (isResult && hooks.onResult) answer = hooks.onResult(answer);
    const task = isResult ? createdTask(answer as RpcResult) : undefined;
    if (task !== undefined)
      await new SessionTasks(this.id, this.services.state, this.services.log).remember(task);
    await this.reply(answer);
    done(true, isResult ? "ok" : "error");
  }
}

/** An HTTP answer with a JSON body, or none (a notification's 202). */
export function writeAnswer(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
