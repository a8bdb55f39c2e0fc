/**
 * Light JSON-RPC shapes for the relay (no schema parsing on the hot path: the gateway reads only what policy needs)
 * and the gateway's own answers (answers.ts) as JSON-RPC messages (DESIGN §4 "What the agent sees").
 */
import { DECISION_META_KEY, type DecisionMeta } from "@gatehouse/policy";
import { UpstreamError } from "@gatehouse/upstream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS, type RpcAnswer } from "../answers.js";

export type RequestId = string | number;

export interface RpcRequest {
  jsonrpc: "2.0";
  id: RequestId;
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcNotification {
  jsonrpc: "2.0";
  method: string;
  params?: Record<string, unknown>;
}

export interface RpcResult {
  jsonrpc: "2.0";
  id: RequestId;
  result: Record<string, unknown>;
}

export type MessageKind = "request" | "notification" | "result" | "error" | "invalid";

export function kindOf(message: JSONRPCMessage): MessageKind {
  const record = message as Record<string, unknown>;
  const hasId = record.id !== undefined && record.id !== null;
  if (typeof record.method === "string") return hasId ? "request" : "notification";
  if (hasId && record.result !== undefined) return "result";
  if (record.error !== undefined) return "error";
  return "invalid";
}

export function idKey(id: RequestId): string {
  return typeof id === "number" ? `n:${id}` : `s:${id}`;
}

/** One of the gateway's answers (answers.ts) to request `id`. */
export function errorReply(id: RequestId, answer: RpcAnswer): JSONRPCMessage {
  const error: RpcAnswer = { code: answer.code, message: answer.message };
  if (answer.data !== undefined) error.data = answer.data;
  return { jsonrpc: "2.0", id, error } as JSONRPCMessage;
}

/** A refused tools/call: a tool result with isError and the machine-readable decision in `_meta`. */
export function refusalReply(id: RequestId, text: string, meta: DecisionMeta): JSONRPCMessage {
  return {
    jsonrpc: "2.0",
    id,
    result: { content: [{ type: "text", text }], isError: true, _meta: { [DECISION_META_KEY]: meta } },
  } as JSONRPCMessage;
}

/** A refused task-augmented tools/call (see RPC_ANSWERS.refusedTask). */
export function taskRefusalReply(id: RequestId, text: string, meta: DecisionMeta): JSONRPCMessage {
  return errorReply(id, RPC_ANSWERS.refusedTask(text, meta));
}

/** Whether a request asks to run as a task (MCP 2025-11-25: `params.task`). */
export function isTaskAugmented(request: RpcRequest): boolean {
  const task = request.params?.task;
  return typeof task === "object" && task !== null;
}

export function upstreamUnavailable(id: RequestId, detail: string): JSONRPCMessage {
  return errorReply(id, RPC_ANSWERS.upstreamUnavailable(detail));
}

export function toolsListChanged(): JSONRPCMessage {
  return { jsonrpc: "2.0", method: "notifications/tools/list_changed" } as JSONRPCMessage;
}

/**
 * An initialize result with `tools.listChanged` added where the upstream offers tools: the gateway tells the agent
 * when what policy shows it changes. A server without tools keeps its capabilities as they are.
 */
export function withToolsListChanged(message: RpcResult): RpcResult {
  const { result } = message;
  const capabilities = (result.capabilities ?? {}) as Record<string, unknown>;
  if (capabilities.tools && typeof capabilities.tools === "object") {
    result.capabilities = { ...capabilities, tools: { ...capabilities.tools, listChanged: true } };
  }
  return message;
}

export function progressNotification(
  token: string | number,
  progress: number,
  message: string,
): JSONRPCMessage {
  return {
    jsonrpc: "2.0",
    method: "notifications/progress",
    params: { progressToken: token, progress, message },
  } as JSONRPCMessage;
}

/**
 * What an agent is told about an upstream request that failed: our own words for the kind of failure and the
 * upstream's HTTP status, never the upstream's error body or a redirect's target (an internal address, a
 * token in a URL). The whole error goes to the debug log.
 */
export function agentSafeDetail(error: unknown): string {
  if (error instanceof UpstreamError) {
    return error.code === "message_too_large" || error.code === "timeout" || error.code === "no_answer"
      ? error.message.slice(0, 200)
      : `the upstream could not be reached (${error.code})`;
  }
  const status = /\bHTTP (\d{3})\b/.exec(errorText(error))?.[1];
  if (/redirect/i.test(errorText(error)))
    return "the upstream answered with a redirect, which is not followed";
  return status ? `the upstream answered HTTP ${status}` : "the upstream could not be reached";
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 300);
  return String(error).slice(0, 300);
}
