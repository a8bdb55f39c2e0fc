/**
 * The lists of an account URL: one list method asked of every server at once, every page of each gathered within
 * one deadline (the account's answer is one page: cursors of several servers cannot be merged into one), and a
 * server that is down, slow or refuses left out with its reason, the others unaffected.
 */
import { kindOf, type RpcResult } from "../session/messages.js";
import { answerReason, type ServerPart } from "./server-part.js";

export type ListKind = "tools" | "prompts" | "resources" | "resourceTemplates";

/** Each list: its method, the result's field, and the capability an upstream offers it under. */
export const LISTS: Record<ListKind, { method: string; field: string; capability: string }> = {
  tools: { method: "tools/list", field: "tools", capability: "tools" },
  prompts: { method: "prompts/list", field: "prompts", capability: "prompts" },
  resources: { method: "resources/list", field: "resources", capability: "resources" },
  resourceTemplates: {
    method: "resources/templates/list",
    field: "resourceTemplates",
    capability: "resources",
  },
};

/** A list method's kind, if it is one. */
export function listKindOf(method: string): ListKind | undefined {
  return (Object.keys(LISTS) as ListKind[]).find((kind) => LISTS[kind].method === method);
}

/** Pages of one server's list at most (a runaway cursor must not keep the account's answer waiting). */
const MAX_PAGES = 50;

export type ServerList = { items: Record<string, unknown>[] } | { reason: string };

async function listOne(part: ServerPart, kind: ListKind, deadline: number): Promise<ServerList> {
  const left = () => Math.max(1, deadline - Date.now());
  const reason = await part.ready(left());
  if (reason) return { reason };
  const { method, field, capability } = LISTS[kind];
  if (!part.init?.capabilities[capability]) return { items: [] };
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await part.request(method, cursor === undefined ? undefined : { cursor }, left());
    if (kindOf(answer) !== "result") return { reason: answerReason(answer) };
    const result = (answer as RpcResult).result;
    const listed = result[field];
    if (Array.isArray(listed)) {
      for (const item of listed)
        if (item && typeof item === "object") items.push(item as Record<string, unknown>);
    }
    cursor =
      typeof result.nextCursor === "string" && result.nextCursor !== "" ? result.nextCursor : undefined;
    if (cursor === undefined) break;
  }
  return { items };
}

/** Every server's list of `kind`, by slug, within `timeoutMs`. */
export async function gatherList(
  parts: readonly ServerPart[],
  kind: ListKind,
  timeoutMs: number,
): Promise<Map<string, ServerList>> {
  const deadline = Date.now() + timeoutMs;
  const lists = await Promise.all(
    parts.map(async (part) => {
      const list = await Promise.race([
        listOne(part, kind, deadline),
        new Promise<ServerList>((resolve) =>
          setTimeout(() => resolve({ reason: `no answer within ${timeoutMs} ms` }), timeoutMs + 50).unref(),
        ),
      ]);
      return [part.slug, list] as const;
    }),
  );
  return new Map(lists);
}

/** The names an item of a list is known by: a tool's or prompt's `name`. */
export function itemName(item: Record<string, unknown>): string | undefined {
  return typeof item.name === "string" ? item.name : undefined;
}
