/**
 * The tools/call requests of one session held while a person decides (hold-for-approval.ts), by request id: each
 * wait is aborted by the agent's cancellation or when the session ends.
 */
import { idKey, type RequestId } from "./messages.js";

export class HeldCalls {
  readonly byKey = new Map<string, AbortController>();

  get size(): number {
    return this.byKey.size;
  }

  hold(requestId: RequestId): AbortSignal {
    const controller = new AbortController();
    this.byKey.set(idKey(requestId), controller);
    return controller.signal;
  }

  release(requestId: RequestId): void {
    this.byKey.delete(idKey(requestId));
  }

  /** The agent cancelled `requestId`: true when it was a held call (whose wait is now aborted). */
  cancel(requestId: RequestId): boolean {
    const controller = this.byKey.get(idKey(requestId));
    controller?.abort();
    return controller !== undefined;
  }

  abortAll(): void {
    for (const controller of this.byKey.values()) controller.abort();
  }
}
