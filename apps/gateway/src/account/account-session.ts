/**
 * One agent session on an account URL (`/{account}/mcp`, issue 20): the union of the servers the agent is scoped
 * to, each a ServerPart (its own per-server relay session, opened lazily). Requests go to the server they name
 * (account-requests.ts); what any server sends on its own — progress, logging, list_changed, resource updates,
 * sampling, elicitation, roots — reaches the agent, and the agent's answers go back to the server that asked.
 * A server that fails is contained to its part: its tools drop out of the list and the others go on.
 */
import { accountResourceUri } from "@gatehouse/policy/account-names";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import { type Caller, callerOf } from "../auth/caller.js";
import type { AccountSnapshot } from "../config/snapshot.js";
import { errorReply, errorText, kindOf, type RpcNotification, type RpcRequest } from "../session/messages.js";
import type { SessionServices } from "../session/services.js";
import { AccountRequests, type RequestHost } from "./account-requests.js";
import { listKindOf } from "./gather.js";
import { initializeResult } from "./initialize.js";
import { type PartHost, ServerPart } from "./server-part.js";
import { ServerRequests } from "./server-requests.js";

/** Who opened an account session: the agent, by the key it came with. */
export interface AccountAgent {
  accountSlug: string;
  agentId: string;
  keyId: string;
}

export class AccountSession implements PartHost, RequestHost {
  private readonly partsBySlug = new Map<string, ServerPart>();
  private readonly requests: AccountRequests;
  /** The servers' requests to the agent, by the id the agent sees: which server asked, under which id. */
  private readonly serverRequests = new ServerRequests<ServerPart>();
  private initParams: Record<string, unknown> = {};
  private closed = false;
  lastActivity = Date.now();

  constructor(
    readonly id: string,
    private readonly agent: AccountAgent,
    private account: AccountSnapshot,
    private readonly downstream: Transport,
    readonly services: SessionServices,
    readonly waitMs: number,
    private readonly onClosed: (session: AccountSession) => void,
  ) {
    this.requests = new AccountRequests(this);
    this.syncScope();
    downstream.onmessage = (message, extra) =>
      this.fromAgent(message, extra?.authInfo?.clientId || undefined);
    downstream.onclose = () => void this.close();
    downstream.onerror = (error) =>
      services.log.debug({ session: id, err: errorText(error) }, "downstream error");
  }

  get accountId(): string {
    return this.account.id;
  }

  belongsTo(accountSlug: string, agentId: string): boolean {
    return this.agent.accountSlug === accountSlug && this.agent.agentId === agentId;
  }

  private snapshot(): AccountSnapshot {
    const current = this.services.accounts.peek(this.agent.accountSlug);
    if (current) this.account = current;
    return this.account;
  }

  caller(slug: string): Caller | undefined {
    const account = this.snapshot();
    const server = account.serversBySlug.get(slug);
    const agent = account.agents.get(this.agent.agentId);
    if (!server || !agent?.scopes.has(server.id)) return undefined;
    return callerOf(account, server, agent, this.agent.keyId);
  }

  keyId(): string | undefined {
    return this.agent.keyId;
  }

  initializeParams(): Record<string, unknown> {
    return this.initParams;
  }

  /** The slugs of the servers the agent may use now (scoped, not suspended), sorted. */
  private scope(): string[] {
    const account = this.snapshot();
    const agent = account.agents.get(this.agent.agentId);
    if (!agent) return [];
    return [...account.serversBySlug.values()]
      .filter((server) => agent.scopes.has(server.id) && !server.suspended)
      .map((server) => server.slug)
      .sort();
  }

  /** Adds parts for servers newly in scope and closes those out of it; true when the set changed. */
  private syncScope(): boolean {
    const wanted = new Set(this.scope());
    let changed = false;
    for (const [slug, part] of this.partsBySlug) {
      if (wanted.has(slug)) continue;
      this.partsBySlug.delete(slug);
      void part.close();
      changed = true;
    }
    for (const slug of wanted) {
      if (this.partsBySlug.has(slug)) continue;
      this.partsBySlug.set(slug, new ServerPart(slug, this));
      changed = true;
    }
    return changed;
  }

  parts(): ServerPart[] {
    return [...this.partsBySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : 1));
  }

  part(slug: string): ServerPart | undefined {
    return this.partsBySlug.get(slug);
  }

  reply(message: JSONRPCMessage): void {
    if (this.closed) return;
    const id = (message as { id?: RequestId }).id;
    void this.downstream
      .send(message, id === undefined ? undefined : { relatedRequestId: id })
      .catch(() => undefined);
  }

  private toAgent(message: JSONRPCMessage, related: RequestId | undefined): void {
    if (this.closed) return;
    const options = related === undefined ? undefined : { relatedRequestId: related };
    void this.downstream.send(message, options).catch(() => {
      // The request's stream is gone: the session's GET stream may still take it.
      if (related !== undefined) void this.downstream.send(message).catch(() => undefined);
    });
  }

  private fromAgent(message: JSONRPCMessage, keyId: string | undefined): void {
    this.lastActivity = Date.now();
    if (keyId) this.agent.keyId = keyId;
    const kind = kindOf(message);
    if (kind === "request") {
      void this.fromAgentRequest(message as RpcRequest).catch((error: unknown) => {
        this.services.log.error({ session: this.id, err: errorText(error) }, "account request failed");
        this.reply(errorReply((message as RpcRequest).id, RPC_ANSWERS.gatewayError));
      });
      return;
    }
    if (kind === "result" || kind === "error") {
      const asked = this.serverRequests.answered((message as { id: RequestId }).id);
      asked?.part.deliver({ ...message, id: asked.id } as JSONRPCMessage);
      return;
    }
    if (kind === "notification") this.fromAgentNotification(message as RpcNotification);
  }

  private async fromAgentRequest(request: RpcRequest): Promise<void> {
    this.services.metrics.request(request.method);
    const list = listKindOf(request.method);
    if (list) return this.requests.list(request, list);
    switch (request.method) {
      case "initialize":
        return this.initialize(request);
      case "ping":
        return this.reply({ jsonrpc: "2.0", id: request.id, result: {} } as JSONRPCMessage);
      case "tools/call":
        return this.requests.callTool(request);
      case "prompts/get":
        return this.requests.getPrompt(request);
      case "resources/read":
      case "resources/subscribe":
      case "resources/unsubscribe":
        return this.requests.resource(request);
      case "completion/complete":
        return this.requests.complete(request);
      case "logging/setLevel":
        return this.requests.setLogLevel(request);
      default:
        return this.reply(errorReply(request.id, RPC_ANSWERS.accountMethodNotFound(request.method)));
    }
  }

  private fromAgentNotification(note: RpcNotification): void {
    if (note.method === "notifications/cancelled") {
      const requestId = note.params?.requestId as RequestId | undefined;
      if (requestId === undefined) return;
      for (const part of this.partsBySlug.values()) if (part.cancel(requestId, note.params?.reason)) return;
      return;
    }
    // notifications/initialized is each part's own (sent once its upstream answered initialize).
    if (note.method === "notifications/initialized") return;
    for (const part of this.partsBySlug.values()) if (part.init) part.deliver(note as JSONRPCMessage);
  }

  /** Opens every server of the scope at once (within waitMs) for the union of their capabilities. */
  private async initialize(request: RpcRequest): Promise<void> {
    this.initParams = request.params ?? {};
    const parts = this.parts();
    const reasons = await Promise.all(parts.map((part) => part.ready(this.waitMs)));
    parts.forEach((part, index) => {
      const reason = reasons[index];
      if (reason)
        this.services.log.warn({ session: this.id, server: part.slug, reason }, "server not opened");
    });
    const servers = parts.flatMap((part) =>
      part.init
        ? [{ slug: part.slug, name: this.caller(part.slug)?.server.name ?? part.slug, init: part.init }]
        : [],
    );
    const result = initializeResult(this.agent.accountSlug, this.initParams.protocolVersion, servers);
    this.reply({ jsonrpc: "2.0", id: request.id, result } as JSONRPCMessage);
  }

  /** A notification or request a server sent on its own, for the agent. */
  fromServer(part: ServerPart, message: JSONRPCMessage, related: RequestId | undefined): void {
    if (kindOf(message) === "request") {
      const id = this.serverRequests.add(part, (message as RpcRequest).id);
      this.toAgent({ ...message, id } as JSONRPCMessage, related);
      return;
    }
    const note = message as RpcNotification;
    const params = note.params ? { ...note.params } : undefined;
    if (params && note.method === "notifications/resources/updated" && typeof params.uri === "string") {
      params.uri = accountResourceUri(part.slug, params.uri);
    }
    if (params && note.method === "notifications/message") {
      params.logger = typeof params.logger === "string" ? `${part.slug}/${params.logger}` : part.slug;
    }
    if (params && note.method === "notifications/cancelled") {
      // The server gave up a request of its own to the agent: under the id the agent knows it by.
      const id = this.serverRequests.cancelled(part, params.requestId);
      if (id === undefined) return;
      params.requestId = id;
    }
    this.toAgent((params ? { ...note, params } : note) as JSONRPCMessage, related);
  }

  /** A part's upstream went away: its tools are gone from the list until it opens again. */
  ended(part: ServerPart, reason: string): void {
    if (this.closed) return;
    this.services.log.warn(
      { session: this.id, server: part.slug, reason },
      "server of an account session ended",
    );
    this.serverRequests.forget(part);
    if (this.partsBySlug.get(part.slug) === part) this.listsChanged();
  }

  private listsChanged(): void {
    for (const method of ["tools", "prompts", "resources"]) {
      this.toAgent(
        { jsonrpc: "2.0", method: `notifications/${method}/list_changed` } as JSONRPCMessage,
        undefined,
      );
    }
  }

  /** After a reload: the session ends when the agent or its key is gone; the scope and each server's view follow. */
  configChanged(): void {
    const account = this.snapshot();
    const agent = account.agents.get(this.agent.agentId);
    const keyValid = [...account.keys.values()].some(
      (key) => key.id === this.agent.keyId && !(key.expiresAt && key.expiresAt.getTime() <= Date.now()),
    );
    if (!agent || agent.suspended || !keyValid) {
      void this.close();
      return;
    }
    if (this.syncScope()) this.listsChanged();
    for (const part of this.partsBySlug.values()) part.configChanged();
  }

  get inFlight(): number {
    let count = 0;
    for (const part of this.partsBySlug.values()) count += part.inFlight;
    return count;
  }

  close(): Promise<void> {
    return this.end(true);
  }

  detach(): Promise<void> {
    return this.end(false);
  }

  private async end(terminate: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.downstream.close().catch(() => undefined);
    await Promise.all(
      [...this.partsBySlug.values()].map((part) => (terminate ? part.close() : part.detach())),
    );
    this.onClosed(this);
  }
}
