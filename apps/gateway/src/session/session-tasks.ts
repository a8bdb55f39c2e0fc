/**
 * The tasks one session created (see task-scope.ts for why a session sees only its own): known here, and in the
 * shared state for the other replicas, before the agent learns a task's id.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.js";
import { SESSION_TTL_SECONDS, type SharedState } from "../state/shared-state.js";
import { errorText, type RpcRequest } from "./messages.js";
import { namedTask, ownTasksOnly } from "./task-scope.js";

export class SessionTasks {
  /** As far as this replica knows (the shared state knows them all). */
  private readonly own = new Set<string>();

  constructor(
    private readonly sessionId: string,
    private readonly state: SharedState,
    private readonly log: Logger,
  ) {}

  /** Whether a tasks/* request may go upstream: tasks/list, or a request about a task this session created. */
  async allows(request: RpcRequest): Promise<boolean> {
    const task = namedTask(request);
    if (task !== undefined && this.own.has(task)) return true;
    // Another replica may have served the request that created it.
    const shared = await this.state.sessionTasks(this.sessionId).catch(() => []);
    for (const id of shared) this.own.add(id);
    return task === undefined || this.own.has(task);
  }

  /** Remembers a task this session created, here and for other replicas. */
  async remember(taskId: string): Promise<void> {
    this.own.add(taskId);
    await this.state.addSessionTask(this.sessionId, taskId, SESSION_TTL_SECONDS).catch((error: unknown) => {
      this.log.warn({ session: this.sessionId, err: errorText(error) }, "could not share a session's task");
    });
  }

  /** A tasks/list result with only this session's tasks in it. */
  filterList(message: JSONRPCMessage): JSONRPCMessage {
    return ownTasksOnly(message, this.own);
  }
}
