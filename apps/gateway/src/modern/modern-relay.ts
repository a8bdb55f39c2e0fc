/**
 * The stateless protocol (MCP 2026-07-28, DESIGN §11) through the gateway: each POST is one request with its
 * version and capabilities in `_meta`, relayed to the upstream on its own and decided like a session's — tools/list
 * filtered, tools/call decided by the same handler (tool-call.ts) with the same refusals, tasks kept to the agent
 * that created them, every request audited. `server/discover`, input_required results (the multi-round-trip that
 * replaces server-initiated sampling, elicitation and roots), `ttlMs`/`cacheScope` and everything else pass as
 * they are.
 *
 * There is no session: what a session scopes (session rate limits, tasks, an anonymous agent's approvals) is scoped
 * to the credential instead — one "session" per agent key, the same on every replica.
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../auth/caller.js";
import { AbsentAnswers } from "../session/absent-answers.js";
import { DROPPED_NOTIFICATION_REASON, recordRefused } from "../session/audit-request.js";
import type { RpcRequest } from "../session/messages.js";
import type { SessionServices } from "../session/services.js";
import { SessionTasks } from "../session/session-tasks.js";
import { NOT_OWN_TASK_REASON } from "../session/task-scope.js";
import { handleToolCall } from "../session/tool-call.js";
import { ToolListView } from "../session/tool-list-view.js";
import { ModernExchange, writeAnswer } from "./modern-exchange.js";
import { type ModernRoute, sessionOnlyUpstream } from "./modern-request.js";

/** The request headers a stateless request carries to the upstream (its protocol headers), lower-cased. */
function protocolHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (
      name === "mcp-protocol-version" ||
      name === "mcp-method" ||
      name === "mcp-name" ||
      name.startsWith("mcp-param-")
    )
      out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** The id that stands in for a session: one per agent credential (the anonymous agent has one for all). */
export function statelessSessionId(caller: Caller): string {
  return `stateless:${caller.agent.id}:${caller.keyId ?? "anonymous"}`;
}

/** How many credentials' learnt absent answers are kept (the oldest are forgotten first). */
const ABSENT_ANSWERS_KEPT = 1000;

interface Learnt {
  answers: AbsentAnswers;
  /** The latest request of the credential: its version and capabilities are what the upstream is asked under. */
  latest: ModernExchange;
  envelope: unknown;
}

/**
 * A filtered tools/list is this agent's alone: a cache shared between agents (`cacheScope: "public"`) would show
 * one agent's tools to another, so the gateway's rewrite is marked private (its `ttlMs` stays the upstream's).
 */
function privateList(message: JSONRPCMessage): JSONRPCMessage {
  const result = (message as { result?: Record<string, unknown> }).result;
  if (result?.cacheScope === "public") result.cacheScope = "private";
  return message;
}

export class ModernRelay {
  private active = 0;
  private readonly learnt = new Map<string, Learnt>();

  constructor(private readonly services: SessionServices) {}

  /** Requests being answered. */
  get inFlight(): number {
    return this.active;
  }

  async handle(
    headers: IncomingHttpHeaders,
    res: ServerResponse,
    caller: Caller,
    route: Exclude<ModernRoute, { kind: "legacy" }>,
  ): Promise<void> {
    if (route.kind !== "reject" && caller.server.target.transport !== "streamable_http") {
      // Reached only in sessions: a notification has nowhere to go, a request is told the versions served.
      const refused =
        route.kind === "request" ? sessionOnlyUpstream(route.message, route.version) : undefined;
      if (refused?.kind === "reject") writeAnswer(res, refused.status, refused.body);
      else writeAnswer(res, 202, undefined);
      return;
    }
    if (route.kind === "reject") {
      writeAnswer(res, route.status, route.body);
      return;
    }
    const id = statelessSessionId(caller);
    const exchange: ModernExchange = new ModernExchange(
      id,
      caller,
      this.services,
      res,
      protocolHeaders(headers),
      {
        unknownTool: (request): Promise<JSONRPCMessage> =>
          this.absentFor(id, exchange, request).unknownTool(request),
        unknownTask: (request, fallback): Promise<JSONRPCMessage> =>
          this.absentFor(id, exchange, request).unknownTask(request, fallback),
      },
    );
    this.active += 1;
    try {
      if (route.kind === "notification") await this.notification(exchange, route.message as JSONRPCMessage);
      else {
        this.request(exchange, caller, route.message);
        await exchange.finished;
      }
    } finally {
      this.active -= 1;
    }
  }

  /** The credential's learnt answers, asked from now on under this request's version and capabilities. */
  private absentFor(id: string, exchange: ModernExchange, request: RpcRequest): AbsentAnswers {
    let entry = this.learnt.get(id);
    if (entry)
      this.learnt.delete(id); // re-inserted below: the map's order is the order of use
    else {
      const fresh: Partial<Learnt> = {};
      fresh.answers = new AbsentAnswers((probe) =>
        (fresh.latest as ModernExchange).ask(probe, fresh.envelope),
      );
      entry = fresh as Learnt;
    }
    entry.latest = exchange;
    entry.envelope = request.params?._meta;
    this.learnt.set(id, entry);
    if (this.learnt.size > ABSENT_ANSWERS_KEPT) this.learnt.delete(this.learnt.keys().next().value as string);
    return entry.answers;
  }

  private async notification(exchange: ModernExchange, note: JSONRPCMessage): Promise<void> {
    const method = (note as { method: string }).method;
    if (!method.startsWith("notifications/")) {
      // A request method sent without an id would reach the upstream undecided (see relay-session.ts).
      this.services.metrics.request(method);
      recordRefused(this.services, exchange.subject(), note as never, DROPPED_NOTIFICATION_REASON);
      exchange.writeJson(202, undefined);
      return;
    }
    const outcome = await exchange.notify(note);
    if (outcome.kind === "refused") exchange.writeJson(outcome.status, outcome.body);
    else exchange.writeJson(202, undefined);
  }

  private request(
    exchange: ModernExchange,
    caller: Caller,
    request: Extract<ModernRoute, { kind: "request" }>["message"],
  ): void {
    const { services } = this;
    services.metrics.request(request.method);
    if (request.method === "tools/call") {
      void handleToolCall(exchange, services, request, caller.keyId);
      return;
    }
    if (request.method === "tools/list") {
      const view = new ToolListView(services.drift);
      exchange.forward(request, {
        onResult: (message) => privateList(view.filter(message, exchange.context())),
      });
      return;
    }
    if (request.method.startsWith("tasks/")) {
      void this.taskRequest(exchange, request);
      return;
    }
    exchange.forward(request, {});
  }

  /** The tasks extension: a request about a task this agent's credential did not create is an unknown task. */
  private async taskRequest(
    exchange: ModernExchange,
    request: Extract<ModernRoute, { kind: "request" }>["message"],
  ): Promise<void> {
    const tasks = new SessionTasks(exchange.id, this.services.state, this.services.log);
    if (await tasks.allows(request)) {
      exchange.forward(
        request,
        request.method === "tasks/list" ? { onResult: (m) => tasks.filterList(m) } : {},
      );
      return;
    }
    recordRefused(this.services, exchange.subject(), request, NOT_OWN_TASK_REASON);
    await exchange.reply(await exchange.unknownTaskReply(request));
  }
}
