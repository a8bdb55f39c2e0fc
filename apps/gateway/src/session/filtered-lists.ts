/**
 * The lists the gateway filters for a session — tools/list (policy) and tasks/list (the session's own tasks) — with
 * each page refilled: a page the filter leaves empty while the upstream has more is replaced by the next page,
 * filtered alike, until one has something in it or the list ends. Directly, an upstream's non-final page is never
 * empty; a client that reads one page (or stops at an empty one) would otherwise see nothing through the gateway.
 * The cursor handed on is the one of the last page read, so paging goes on from where the gateway stopped.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { AskUpstream } from "./absent-answers.js";
import { kindOf, type RpcRequest, type RpcResult } from "./messages.js";
import type { Pending } from "./pending-requests.js";

/** How many upstream pages one answer may read: a bound against an upstream whose cursors never end. */
const MAX_PAGES_PER_ANSWER = 50;

const LISTED = { "tools/list": "tools", "tasks/list": "tasks" } as const;

export interface ListFilters {
  tools(message: JSONRPCMessage): JSONRPCMessage;
  tasks(message: JSONRPCMessage): JSONRPCMessage;
}

/** The hooks that filter and refill a list request's result; undefined for any other request. */
export function listHooks(
  request: RpcRequest,
  filters: ListFilters,
  ask: AskUpstream,
): Pick<Pending, "onResult" | "complete"> | undefined {
  if (request.method !== "tools/list" && request.method !== "tasks/list") return undefined;
  const field = LISTED[request.method];
  const filter = (message: JSONRPCMessage) => filters[field](message);
  return { onResult: filter, complete: (first) => refill(first, request, field, filter, ask) };
}

function emptyWithMore(message: JSONRPCMessage, field: string): string | undefined {
  const result = (message as RpcResult).result;
  const items = result[field];
  const next = result.nextCursor;
  return Array.isArray(items) && items.length === 0 && typeof next === "string" ? next : undefined;
}

async function refill(
  first: JSONRPCMessage,
  request: RpcRequest,
  field: string,
  filter: (message: JSONRPCMessage) => JSONRPCMessage,
  ask: AskUpstream,
): Promise<JSONRPCMessage> {
  const page = first as RpcResult;
  let cursor = emptyWithMore(page, field);
  for (let read = 1; cursor !== undefined && read < MAX_PAGES_PER_ANSWER; read += 1) {
    const next = await ask({
      jsonrpc: "2.0",
      id: `gatehouse-page-${crypto.randomUUID()}`,
      method: request.method,
      params: { ...request.params, cursor },
    });
    // No next page to be had: the empty page goes as it is, with its cursor, for the agent to try again.
    if (!next || kindOf(next) !== "result") return page;
    const filtered = filter(next) as RpcResult;
    page.result[field] = filtered.result[field];
    if (typeof filtered.result.nextCursor === "string") page.result.nextCursor = filtered.result.nextCursor;
    else delete page.result.nextCursor;
    cursor = emptyWithMore(page, field);
  }
  return page;
}
