/**
 * The upstream's own answer for something it does not have, given where the gateway keeps from an agent something
 * that exists: a hidden tool's call is answered as the upstream answers a call to a tool it lacks, and a request
 * about another session's task as the upstream answers one about a task it does not know — word for word, error or
 * tool result, so the agent cannot tell the thing exists (DESIGN §4) nor that a gateway is there.
 *
 * The answer is learnt by asking the upstream the same request about a made-up name, once per session and kind of
 * request, and kept as a template in which the real name takes the made-up one's place. Per session rather than per
 * server: the session's own upstream connection is what the agent would have spoken to directly (same protocol
 * version, same server build), nothing is shared across accounts, and the cost is one round trip on the first
 * refusal of a session. The made-up request carries no arguments, so nothing the agent sent reaches the upstream.
 * When the upstream gives no usable answer, the gateway's own (answers.ts) stands in.
 */
import { randomUUID } from "node:crypto";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import {
  errorReply,
  isTaskAugmented,
  kindOf,
  type RequestId,
  type RpcRequest,
  type RpcResult,
} from "./messages.js";
import { createdTask } from "./task-scope.js";

/** An answer without its id, as JSON in which PLACEHOLDER stands for the name asked about. */
type Template = string;

/** Sends a request of the gateway's own upstream and resolves to its answer (undefined: none came). */
export type AskUpstream = (request: RpcRequest) => Promise<JSONRPCMessage | undefined>;

export class AbsentAnswers {
  private readonly placeholder = `gatehouse-absent-${randomUUID()}`;
  private readonly learnt = new Map<string, Promise<Template | undefined>>();

  constructor(private readonly ask: AskUpstream) {}

  /** The answer to a tools/call of a tool the agent may not see. */
  unknownTool(request: RpcRequest): Promise<JSONRPCMessage> {
    const tool = String(request.params?.name ?? "");
    const task = isTaskAugmented(request);
    const kind = task ? "tools/call+task" : "tools/call";
    const probe = { name: this.placeholder, arguments: {}, ...(task ? { task: request.params?.task } : {}) };
    return this.answer(kind, { method: "tools/call", params: probe }, request.id, tool, () =>
      errorReply(request.id, RPC_ANSWERS.unknownTool(tool)),
    );
  }

  /** The answer to a tasks/* request about a task this session did not create. */
  unknownTask(request: RpcRequest, fallback: () => JSONRPCMessage): Promise<JSONRPCMessage> {
    const taskId = String(request.params?.taskId ?? "");
    const probe = { method: request.method, params: { taskId: this.placeholder } };
    return this.answer(request.method, probe, request.id, taskId, fallback);
  }

  private async answer(
    kind: string,
    probe: { method: string; params: Record<string, unknown> },
    id: RequestId,
    name: string,
    fallback: () => JSONRPCMessage,
  ): Promise<JSONRPCMessage> {
    let template = this.learnt.get(kind);
    if (!template) {
      template = this.learn(probe);
      this.learnt.set(kind, template);
    }
    const text = await template;
    if (text === undefined) {
      this.learnt.delete(kind); // ask again next time: the upstream may answer then
      return fallback();
    }
    const named = text.split(this.placeholder).join(JSON.stringify(name).slice(1, -1));
    return { jsonrpc: "2.0", id, ...(JSON.parse(named) as object) } as JSONRPCMessage;
  }

  private async learn(probe: {
    method: string;
    params: Record<string, unknown>;
  }): Promise<Template | undefined> {
    const request: RpcRequest = { jsonrpc: "2.0", id: `gatehouse-ask-${randomUUID()}`, ...probe };
    const answer = await this.ask(request);
    if (!answer) return undefined;
    const kind = kindOf(answer);
    // A result that made a task (a server that runs any name as a task) is no answer to reuse: its task is not this
    // session's, and every hidden call would get the same one.
    if (kind !== "error" && (kind !== "result" || createdTask(answer as RpcResult) !== undefined))
      return undefined;
    const { jsonrpc: _jsonrpc, id: _id, ...body } = answer as { jsonrpc: string; id: unknown };
    return JSON.stringify(body);
  }
}
