/**
 * The agent's requests on an account URL, each sent to the server it names: lists gathered from every server (names
 * mapped, see @gatehouse/policy/account-names), and calls, prompts, reads, subscriptions and completions mapped back
 * to their server's own names and relayed there — where that server's policy decides and its audit records them.
 */
import {
  type AccountNameTable,
  buildAccountNameTable,
  resolveAccountResourceUri,
} from "@gatehouse/policy/account-names";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS, type RpcAnswer } from "../answers.js";
import { recordRefused } from "../session/audit-request.js";
import { errorReply, kindOf, type RpcRequest, type RpcResult } from "../session/messages.js";
import type { SessionServices } from "../session/services.js";
import { gatherList, itemName, LISTS, type ListKind } from "./gather.js";
import { mapListedResource, mapResultUris } from "./rewrite.js";
import type { ServerPart } from "./server-part.js";

/** What the request handlers use of their account session. */
export interface RequestHost {
  readonly id: string;
  readonly services: SessionServices;
  /** How long a server may take to open or list before it is left out. */
  readonly waitMs: number;
  /** The servers of the agent's scope, in slug order. */
  parts(): ServerPart[];
  part(slug: string): ServerPart | undefined;
  reply(message: JSONRPCMessage): void;
}

type Named = "tools" | "prompts";

export class AccountRequests {
  /** The names each server listed last (kept while it is down, so a call to it gets its own error). */
  private readonly listed: Record<Named, Map<string, string[]>> = { tools: new Map(), prompts: new Map() };
  private readonly tables: Record<Named, AccountNameTable> = {
    tools: buildAccountNameTable([]),
    prompts: buildAccountNameTable([]),
  };

  /** Why a server's last tools/list or prompts/list left it out (cleared once it lists again). */
  private readonly leftOutBecause = new Map<string, string>();

  constructor(private readonly host: RequestHost) {}

  /** tools/list, prompts/list, resources/list, resources/templates/list: every server's, in one page. */
  async list(request: RpcRequest, kind: ListKind): Promise<void> {
    const lists = await this.gather(kind, request.method);
    const items: Record<string, unknown>[] = [];
    for (const part of this.host.parts()) {
      const list = lists.get(part.slug);
      if (!list) continue;
      for (const item of list) {
        if (kind === "tools" || kind === "prompts") {
          const name = this.tables[kind].nameOf(part.slug, itemName(item) ?? "");
          if (name !== undefined) items.push({ ...item, name });
        } else {
          items.push(mapListedResource(item, part.slug));
        }
      }
    }
    this.host.reply({
      jsonrpc: "2.0",
      id: request.id,
      result: { [LISTS[kind].field]: items },
    } as JSONRPCMessage);
  }

  /** Gathers a list from every server; those left out are logged and audited with their reason. */
  private async gather(kind: ListKind, method: string): Promise<Map<string, Record<string, unknown>[]>> {
    const lists = await gatherList(this.host.parts(), kind, this.host.waitMs);
    const found = new Map<string, Record<string, unknown>[]>();
    for (const [slug, list] of lists) {
      if ("items" in list) {
        found.set(slug, list.items);
        this.leftOutBecause.delete(slug);
        continue;
      }
      this.leftOutBecause.set(slug, list.reason);
      this.leftOut(slug, method, list.reason);
    }
    if (kind === "tools" || kind === "prompts") {
      for (const [slug, items] of found) {
        this.listed[kind].set(
          slug,
          items.map(itemName).filter((name) => name !== undefined),
        );
      }
      this.rebuild(kind);
    }
    return found;
  }

  private leftOut(slug: string, method: string, reason: string): void {
    const text = `${slug} left out of ${method} on the account URL: ${reason}`;
    this.host.services.log.warn({ session: this.host.id, server: slug, method, reason }, "server left out");
    const subject = this.host.part(slug)?.subject();
    if (subject) {
      recordRefused(this.host.services, subject, { jsonrpc: "2.0", method }, text, "upstream_error");
    }
  }

  private rebuild(kind: Named): void {
    const inScope = new Set(this.host.parts().map((part) => part.slug));
    for (const slug of this.listed[kind].keys()) if (!inScope.has(slug)) this.listed[kind].delete(slug);
    this.tables[kind] = buildAccountNameTable(
      [...this.listed[kind]].flatMap(([slug, names]) => names.map((name) => ({ slug, name }))),
    );
  }

  /** An account name back to (server, name); the servers are listed first when the name is not known yet. */
  private async resolveName(
    kind: Named,
    name: string,
  ): Promise<{ part: ServerPart; name: string } | undefined> {
    let target = this.tables[kind].resolve(name);
    if (!target) {
      await this.gather(kind, LISTS[kind].method);
      target = this.tables[kind].resolve(name);
    }
    const part = target ? this.host.part(target.slug) : undefined;
    return part && target ? { part, name: target.name } : undefined;
  }

  private resolveUri(uri: unknown): { part: ServerPart; uri: string } | undefined {
    if (typeof uri !== "string") return undefined;
    const slugs = new Set(this.host.parts().map((part) => part.slug));
    const target = resolveAccountResourceUri(uri, slugs);
    const part = target ? this.host.part(target.slug) : undefined;
    return part && target ? { part, uri: target.uri } : undefined;
  }

  private refuse(request: RpcRequest, answer: RpcAnswer): void {
    this.host.reply(errorReply(request.id, answer));
  }

  /** Relays a request, mapped back, to its server once it is open; its answer's URIs in the account's form. */
  private async relay(part: ServerPart, request: RpcRequest, params: Record<string, unknown>): Promise<void> {
    const reason = await part.ready(this.host.waitMs);
    if (reason) {
      const subject = part.subject();
      if (subject)
        recordRefused(this.host.services, subject, { ...request, params }, reason, "upstream_error");
      this.refuse(request, RPC_ANSWERS.upstreamUnavailable(`${part.slug}: ${reason}`));
      return;
    }
    part.relay({ ...request, params }, (answer) => {
      if (kindOf(answer) === "result") mapResultUris((answer as RpcResult).result, part.slug);
      this.host.reply(namingServer(answer, part.slug));
    });
  }

  async callTool(request: RpcRequest): Promise<void> {
    const params = request.params ?? {};
    const name = typeof params.name === "string" ? params.name : "";
    if (!name) return this.refuse(request, RPC_ANSWERS.toolNameRequired);
    const target = await this.resolveName("tools", name);
    if (!target) return this.refuse(request, this.unknownToolAnswer(name));
    await this.relay(target.part, request, { ...params, name: target.name });
  }

  /**
   * A name nobody was given: when it has the prefix of a server that could not list its tools, the agent is told
   * that server is unavailable (the likelier truth) rather than that the tool does not exist.
   */
  private unknownToolAnswer(name: string): RpcAnswer {
    for (const [slug, reason] of this.leftOutBecause) {
      if (name.startsWith(`${slug}__`)) return RPC_ANSWERS.upstreamUnavailable(`${slug}: ${reason}`);
    }
    return RPC_ANSWERS.unknownTool(name);
  }

  async getPrompt(request: RpcRequest): Promise<void> {
    const params = request.params ?? {};
    const name = typeof params.name === "string" ? params.name : "";
    const target = await this.resolveName("prompts", name);
    if (!target) return this.refuse(request, RPC_ANSWERS.accountUnknownName("prompt", name));
    await this.relay(target.part, request, { ...params, name: target.name });
  }

  /** resources/read, resources/subscribe, resources/unsubscribe. */
  async resource(request: RpcRequest): Promise<void> {
    const params = request.params ?? {};
    const target = this.resolveUri(params.uri);
    if (!target) return this.refuse(request, RPC_ANSWERS.accountUnknownName("resource", String(params.uri)));
    await this.relay(target.part, request, { ...params, uri: target.uri });
  }

  /** completion/complete: to the server of the prompt or resource template it completes for. */
  async complete(request: RpcRequest): Promise<void> {
    const params = request.params ?? {};
    const ref = (params.ref ?? {}) as Record<string, unknown>;
    if (ref.type === "ref/prompt") {
      const name = typeof ref.name === "string" ? ref.name : "";
      const target = await this.resolveName("prompts", name);
      if (!target) return this.refuse(request, RPC_ANSWERS.accountUnknownName("prompt", name));
      return this.relay(target.part, request, { ...params, ref: { ...ref, name: target.name } });
    }
    const target = this.resolveUri(ref.uri);
    if (!target) return this.refuse(request, RPC_ANSWERS.accountUnknownName("resource", String(ref.uri)));
    await this.relay(target.part, request, { ...params, ref: { ...ref, uri: target.uri } });
  }

  /** logging/setLevel: to every open server that offers logging; answered once they have. */
  async setLogLevel(request: RpcRequest): Promise<void> {
    const parts = this.host.parts().filter((part) => part.init?.capabilities.logging !== undefined);
    await Promise.all(parts.map((part) => part.request(request.method, request.params, this.host.waitMs)));
    this.host.reply({ jsonrpc: "2.0", id: request.id, result: {} } as JSONRPCMessage);
  }
}

/** An `Upstream unavailable` error names the server it is about (the agent sees several behind one URL). */
function namingServer(answer: JSONRPCMessage, slug: string): JSONRPCMessage {
  const error = (answer as { error?: { message?: unknown } }).error;
  const prefix = "Upstream unavailable: ";
  if (typeof error?.message !== "string" || !error.message.startsWith(prefix)) return answer;
  if (error.message.startsWith(`${prefix}${slug}: `)) return answer;
  return {
    ...answer,
    error: { ...error, message: `${prefix}${slug}: ${error.message.slice(prefix.length)}` },
  } as JSONRPCMessage;
}
