/**
 * Rug-pull detection at the gateway (DESIGN §3, §5): a tool whose definition in a tools/list answer differs from
 * the catalogue's accepted definition is flagged on its Tool row (pending definition and hash, off the request
 * path), and with the server's pin_tools setting it is hidden from the agent until someone accepts it.
 */
import { toolDefinitionHash } from "@gatehouse/policy/hash";
import type { Logger } from "../log.js";
import type { Db } from "../store/pool.js";
import { flagPendingToolDefinition } from "../store/tool.js";

interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

export class ToolDrift {
  /** serverId:name:hash already flagged by this process. */
  private readonly flagged = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  /** Names of `tools` whose definition differs from the accepted one; flags them in the catalogue. */
  check(
    serverId: string,
    accepted: ReadonlyMap<string, string> | undefined,
    tools: readonly ListedTool[],
  ): Set<string> {
    const changed = new Set<string>();
    if (!accepted || accepted.size === 0) return changed;
    for (const tool of tools) {
      const known = accepted.get(tool.name);
      if (known === undefined) continue;
      const hash = toolDefinitionHash(tool);
      if (hash === known) continue;
      changed.add(tool.name);
      this.flag(serverId, tool, hash);
    }
    return changed;
  }

  private flag(serverId: string, tool: ListedTool, hash: string): void {
    const key = `${serverId}:${tool.name}:${hash}`;
    if (this.flagged.has(key)) return;
    if (this.flagged.size > 10_000) this.flagged.clear();
    this.flagged.add(key);
    void flagPendingToolDefinition(
      this.db,
      { serverId, name: tool.name, definition: tool, hash },
      new Date(),
    ).catch((error: unknown) => {
      this.flagged.delete(key);
      this.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "could not flag a changed tool",
      );
    });
  }
}
