/**
 * The servers' requests to the agent (sampling, elicitation, roots, ping) in flight on an account session. Each is
 * sent under an id of the account session's own — two servers may use the same id — and its answer goes back to the
 * server that asked, under that server's id.
 */
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";

export class ServerRequests<Part> {
  private readonly asked = new Map<number, { part: Part; id: RequestId }>();
  private nextId = 1;

  /** The id the agent sees for `part`'s request `id`. */
  add(part: Part, id: RequestId): number {
    const agentId = this.nextId++;
    this.asked.set(agentId, { part, id });
    return agentId;
  }

  /** The agent answered `agentId`: which server asked, under which id (once). */
  answered(agentId: RequestId): { part: Part; id: RequestId } | undefined {
    if (typeof agentId !== "number") return undefined;
    const entry = this.asked.get(agentId);
    this.asked.delete(agentId);
    return entry;
  }

  /** The server gave up its request `id`: the id the agent knows it by, if it is still in flight. */
  cancelled(part: Part, id: unknown): number | undefined {
    for (const [agentId, entry] of this.asked) {
      if (entry.part !== part || entry.id !== id) continue;
      this.asked.delete(agentId);
      return agentId;
    }
    return undefined;
  }

  /** The server is gone: its requests will not be answered. */
  forget(part: Part): void {
    for (const [agentId, entry] of this.asked) if (entry.part === part) this.asked.delete(agentId);
  }
}
