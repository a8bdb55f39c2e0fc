/**
 * What one session's agent sees of the upstream's tools: `tools/list` results filtered by the policy (order and
 * pagination kept), tools whose definition drifted hidden on pinned servers, and whether a reload changed the
 * visible set (then the agent is sent notifications/tools/list_changed). The visible set is judged over the tools the
 * session was shown and those of the server's catalogue, from the session's start: an agent that has not listed tools
 * yet is told of a change as one that has, as an upstream tells every session when its tools change.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../auth/caller.js";
import type { ToolDrift } from "../upstream/tool-drift.js";
import type { RpcResult } from "./messages.js";

export class ToolListView {
  /** Upstream tool names seen in tools/list answers. */
  private readonly known = new Set<string>();
  /** Tools whose definition changed since it was accepted, hidden because the server pins its tools. */
  readonly pinnedHidden = new Set<string>();
  private visibleKey: string;

  /** `caller`: who opened the session, whose visible tools are the baseline a reload is compared with. */
  constructor(
    private readonly drift: ToolDrift,
    caller?: Caller,
  ) {
    this.visibleKey = this.keyFor(caller);
  }

  /** Rewrites a tools/list result in place for this session's policy. */
  filter(message: JSONRPCMessage, ctx: Caller | undefined): JSONRPCMessage {
    const result = (message as RpcResult).result;
    const tools = Array.isArray(result.tools) ? (result.tools as { name: string }[]) : [];
    for (const tool of tools) this.known.add(tool.name);
    const compiled = ctx?.policy?.compiled;
    this.visibleKey = this.keyFor(ctx);
    let visible = compiled ? compiled.filterTools(tools) : [];
    if (ctx) {
      const changed = this.drift.check(ctx.server.id, ctx.server.acceptedTools, tools);
      for (const name of changed) if (ctx.server.pinTools) this.pinnedHidden.add(name);
      for (const tool of tools) if (!changed.has(tool.name)) this.pinnedHidden.delete(tool.name);
      if (ctx.server.pinTools)
        visible = visible.filter(
          (tool) => !changed.has(tool.name) && !ctx.server.pendingTools.has(tool.name),
        );
    }
    result.tools = visible;
    return message;
  }

  /** True when a pinned server hides this tool: its definition changed and awaits acceptance. */
  isPinnedHidden(tool: string, ctx: Caller): boolean {
    return ctx.server.pinTools && (ctx.server.pendingTools.has(tool) || this.pinnedHidden.has(tool));
  }

  /** True when the tools this agent may see differ under `ctx` from what it was last shown. */
  changedUnder(ctx: Caller | undefined): boolean {
    const key = this.keyFor(ctx);
    if (key === this.visibleKey) return false;
    this.visibleKey = key;
    return true;
  }

  private keyFor(ctx: Caller | undefined): string {
    const compiled = ctx?.policy?.compiled;
    const pinned = ctx?.server.pinTools ? ctx.server.pendingTools : undefined;
    const names = new Set([...this.known, ...(ctx?.server.acceptedTools.keys() ?? [])]);
    return [...names]
      .filter((name) => (compiled?.isVisible(name) ?? false) && !pinned?.has(name))
      .sort()
      .join("\n");
  }
}
