/**
 * The agent's requests a session has forwarded and is waiting on the upstream to answer: each with its audit id,
 * start time and timeout, and the progress token that ties the upstream's progress notifications to it.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { ForwardHooks } from "./call-session.js";
import { idKey, type RequestId, type RpcRequest } from "./messages.js";

export interface Pending {
  id: RequestId;
  method: string;
  auditId: string;
  startedAt: number;
  timer: NodeJS.Timeout | undefined;
  progressToken: string | number | undefined;
  tool?: string;
  onResult?: (message: JSONRPCMessage) => JSONRPCMessage;
  onDone?: (outcome: { ok: boolean; status: string }) => void;
  /** A last, asynchronous step for a result, after onResult (refilling a filtered page, filtered-lists.ts). */
  complete?: (message: JSONRPCMessage) => Promise<JSONRPCMessage>;
  /** Set for a request of the gateway's own (Forwarder.ask): it gets the answer (undefined: none came). */
  settle?: (answer: JSONRPCMessage | undefined) => void;
}

export class PendingRequests {
  private readonly byKey = new Map<string, Pending>();
  private readonly progressOwners = new Map<string, RequestId>();

  constructor(
    private readonly timeoutMs: number,
    /** A request not answered within timeoutMs (its timer is re-armed by each progress notification). */
    private readonly onTimeout: (entry: Pending) => void,
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  add(
    request: RpcRequest,
    auditId: string,
    hooks: ForwardHooks & Pick<Pending, "settle" | "complete">,
  ): Pending {
    const progressToken = (request.params?._meta as { progressToken?: string | number } | undefined)
      ?.progressToken;
    const entry: Pending = {
      id: request.id,
      method: request.method,
      auditId,
      startedAt: Date.now(),
      timer: undefined,
      progressToken,
      ...hooks,
    };
    this.byKey.set(idKey(request.id), entry);
    if (progressToken !== undefined) this.progressOwners.set(String(progressToken), request.id);
    this.arm(entry);
    return entry;
  }

  get(id: RequestId): Pending | undefined {
    return this.byKey.get(idKey(id));
  }

  /** Whether `entry` is still waiting (not answered, failed or abandoned meanwhile). */
  has(entry: Pending): boolean {
    return this.byKey.get(idKey(entry.id)) === entry;
  }

  /** Stops waiting for `entry`. */
  finish(entry: Pending): void {
    if (entry.timer) clearTimeout(entry.timer);
    const key = idKey(entry.id);
    if (this.byKey.get(key) === entry) this.byKey.delete(key);
    if (entry.progressToken !== undefined) this.progressOwners.delete(String(entry.progressToken));
  }

  /** The request a progress notification is about (its timeout starts again), if it is still waiting. */
  progressOwner(token: unknown): RequestId | undefined {
    const owner = this.progressOwners.get(String(token));
    const entry = owner === undefined ? undefined : this.get(owner);
    if (entry) this.arm(entry);
    return owner;
  }

  /** The most recent request of the agent's still waiting: where server→client messages most likely belong. */
  latest(): RequestId | undefined {
    let last: Pending | undefined;
    for (const entry of this.byKey.values()) if (!entry.settle) last = entry;
    return last?.id;
  }

  all(): Pending[] {
    return [...this.byKey.values()];
  }

  clear(): void {
    for (const entry of this.all()) {
      this.finish(entry);
      entry.settle?.(undefined);
    }
  }

  private arm(entry: Pending): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.onTimeout(entry), this.timeoutMs);
  }
}
