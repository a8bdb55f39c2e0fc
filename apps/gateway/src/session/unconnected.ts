/**
 * A session on an `oauth` server whose caller has no usable upstream connection (none made yet, or its refresh was
 * refused) cannot reach the upstream at all, so the gateway answers it itself (DESIGN §10): `initialize` succeeds
 * (instructions say where to connect), tools/list is empty, ping works, and every tools/call gets a tool error
 * naming the page to connect at — or, for a client that declared URL-mode elicitation, the spec's URL elicitation
 * error for that page. Other requests get `Upstream unavailable` with the same text. Once the connection is made
 * the session ends, and the client's next request starts a new one that reaches the upstream.
 */
import { randomUUID } from "node:crypto";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import type { AuditSubject } from "../audit/audit-event.js";
import type { Caller } from "../auth/caller.js";
import {
  type ConnectionProblem,
  connectionProblem,
  type ProblemSubject,
  problemOf,
} from "../upstream-oauth/authorizations.js";
import { recordRefused } from "./audit-request.js";
import {
  errorReply,
  type RequestId,
  type RpcRequest,
  refusalReply,
  upstreamUnavailable,
} from "./messages.js";
import type { SessionServices } from "./services.js";

/** What answering needs of the session. */
export interface UnconnectedSession {
  reply(message: JSONRPCMessage, relatedRequestId: RequestId | undefined): Promise<void>;
  subject(): AuditSubject;
}

const RULE = "/upstream/connection";

function declaresUrlElicitation(capabilities: unknown): boolean {
  const elicitation = (capabilities as { elicitation?: { url?: unknown } } | undefined)?.elicitation;
  return typeof elicitation === "object" && elicitation !== null && elicitation.url !== undefined;
}

/**
 * Answers `request` for a session without its connection. `audited`: the request's audit event is already written
 * (a forwarded request whose upstream send found no connection), so none is recorded here.
 */
export function answerUnconnected(
  session: UnconnectedSession,
  services: Pick<SessionServices, "audit" | "metrics">,
  request: RpcRequest,
  context: { problem: ConnectionProblem; serverName: string; clientCapabilities: unknown; audited?: boolean },
): void {
  const { problem, serverName, clientCapabilities } = context;
  const reply = (message: JSONRPCMessage) => void session.reply(message, request.id);
  const record = () => {
    if (!context.audited) recordRefused(services, session.subject(), request, problem.text, "upstream_error");
  };
  switch (request.method) {
    case "initialize": {
      const asked = request.params?.protocolVersion;
      const version =
        typeof asked === "string" && SUPPORTED_PROTOCOL_VERSIONS.includes(asked)
          ? asked
          : LATEST_PROTOCOL_VERSION;
      reply({
        jsonrpc: "2.0",
        id: request.id,
        result: {
          protocolVersion: version,
          capabilities: { tools: { listChanged: true } },
          serverInfo: { name: serverName, version: "gatehouse" },
          instructions: problem.text,
        },
      });
      return;
    }
    case "ping":
      reply({ jsonrpc: "2.0", id: request.id, result: {} });
      return;
    case "tools/list":
      reply({ jsonrpc: "2.0", id: request.id, result: { tools: [] } });
      return;
    case "tools/call":
      record();
      if (declaresUrlElicitation(clientCapabilities)) {
        reply(
          errorReply(request.id, RPC_ANSWERS.connectionElicitation(problem.text, problem.url, randomUUID())),
        );
      } else {
        reply(
          refusalReply(request.id, problem.text, {
            decision: "upstream_error",
            rule: RULE,
            reason: problem.text,
          }),
        );
      }
      return;
    default:
      record();
      reply(upstreamUnavailable(request.id, problem.text));
  }
}

/**
 * A session's gate to an `oauth` upstream: answers its requests itself while the caller has no usable connection,
 * answers a request the forwarder could not send for that reason, and tells a reload when the session must end.
 */
export class ConnectionGate {
  /** The session has been answered here (no upstream session exists). */
  private unconnected = false;
  private clientCapabilities: unknown;

  /** An upstream session exists: its initialize was answered (here, or on the replica it is resumed from). */
  private upstreamSession: boolean;

  constructor(
    private readonly services: Pick<SessionServices, "audit" | "metrics" | "config" | "authorizations">,
    private readonly session: UnconnectedSession & { context(): Caller | undefined },
    resume: { upstreamSessionId?: string | undefined; protocolVersion?: string | undefined },
  ) {
    this.upstreamSession = Boolean(resume.upstreamSessionId ?? resume.protocolVersion);
  }

  /** The upstream answered `initialize`: from now on its session is the one the agent talks to. */
  upstreamInitialized(): void {
    this.upstreamSession = true;
  }

  /** Whether messages from the agent have no upstream to go to. */
  get answeringLocally(): boolean {
    return this.unconnected;
  }

  /** Answers `request` here when the upstream is not open and the caller cannot open it; true when it did. */
  intercept(request: RpcRequest): boolean {
    if (request.method === "initialize") this.clientCapabilities = request.params?.capabilities;
    const problem = this.upstreamSession ? undefined : this.problem();
    if (!problem) return false;
    this.goUnconnected();
    answerUnconnected(this.session, this.services, request, this.context(problem));
    return true;
  }

  /**
   * A forwarded request found no usable connection when it went upstream (the forwarder audited it). Without an
   * open upstream session (its first request, initialize, failed so) the session is answered here from now on.
   */
  unauthorized(entry: { id: RequestId; method: string }, kind: ConnectionProblem["kind"]): void {
    const subject = this.subject();
    if (!subject) return;
    if (!this.upstreamSession) this.goUnconnected();
    const problem = connectionProblem(subject) ?? problemOf(kind, subject);
    const request = { jsonrpc: "2.0" as const, id: entry.id, method: entry.method };
    answerUnconnected(this.session, this.services, request, { ...this.context(problem), audited: true });
  }

  /**
   * After a reload: why the session must end — its connection was made (a session answered here starts over,
   * now reaching the upstream), or removed or expired (a session on the upstream ends; the next is told to connect).
   */
  async endReason(): Promise<string | undefined> {
    const problem = this.problem();
    if (!this.unconnected) return problem && this.upstreamSession ? problem.text : undefined;
    if (problem) return undefined;
    // The snapshot can lag behind the refresh that expired the connection this session failed with: only a
    // connection the database holds as usable now ends the session.
    const subject = this.subject();
    const oauth = subject?.server.oauth;
    const connection = oauth?.connections.get(oauth.mode === "shared" ? "shared" : (subject?.agentId ?? ""));
    if (!connection || !(await this.services.authorizations.usable(connection.id))) return undefined;
    return "the upstream connection was made: initialize a new session";
  }

  private goUnconnected(): void {
    this.unconnected = true;
  }

  private subject(): ProblemSubject | undefined {
    const caller = this.session.context();
    if (!caller?.server.oauth) return undefined;
    const { webPublicUrl } = this.services.config;
    return {
      webPublicUrl,
      accountSlug: caller.account.slug,
      server: caller.server,
      agentId: caller.agent.id,
    };
  }

  private problem(): ConnectionProblem | undefined {
    const subject = this.subject();
    return subject ? connectionProblem(subject) : undefined;
  }

  private context(problem: ConnectionProblem) {
    const serverName = this.session.context()?.server.name ?? "the server";
    return { problem, serverName, clientCapabilities: this.clientCapabilities };
  }
}
