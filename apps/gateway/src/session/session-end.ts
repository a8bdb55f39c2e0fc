/**
 * How a session ends for a reason of its own (its upstream ended it, or its caller lost access) while requests are
 * in flight: each is answered with the reason first, held calls are aborted (tool-call.ts answers them), requests
 * that arrive meanwhile are refused at once, and then the session closes.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { RPC_ANSWERS } from "../answers.js";
import type { Logger } from "../log.js";
import { notSent, SessionEnding } from "./access.js";
import { errorReply, type RequestId } from "./messages.js";
import type { Pending } from "./pending-requests.js";

/** How a session that is ending answers, and audits, a request that arrives before it has closed. */
export interface SessionEnd {
  reason: string;
  decision: "denied" | "upstream_error";
  reply(id: RequestId): JSONRPCMessage;
}

/** What the ender may do with its session. */
export interface EndingSession {
  held(): ReadonlyMap<string, AbortController>;
  pending(): Pending[];
  /** Answers a request waiting on the upstream as failed (upstream_error). */
  fail(entry: Pending, detail: string): void;
  /** Stops waiting for a request the upstream has (audited as allowed) and answers it with `reply`. */
  abandon(entry: Pending, reply: JSONRPCMessage): void;
  close(): Promise<void>;
  isClosed(): boolean;
}

export class SessionEnder {
  /** Why the session is ending: requests that arrive meanwhile are answered so at once. */
  ending: SessionEnd | undefined;

  constructor(
    private readonly log: Logger,
    private readonly sessionId: string,
    private readonly session: EndingSession,
  ) {}

  /**
   * The upstream session is over (its connection closed, its process exited, or the server no longer knows it), so
   * the agent's session ends too, as it would talking to the server directly: what is in flight is answered, and
   * the agent's next request gets 404, on which it initializes a new session (and with it a new upstream one).
   */
  upstreamGone(detail: string): void {
    if (this.session.isClosed() || this.ending) return;
    this.log.info({ session: this.sessionId, reason: detail }, "ending a session its upstream ended");
    void this.endAfterAnswering((entry) => this.session.fail(entry, detail), new SessionEnding(detail), {
      reason: notSent(detail),
      decision: "upstream_error",
      reply: (id) => errorReply(id, RPC_ANSWERS.upstreamUnavailable(detail)),
    });
  }

  /**
   * Ends a session whose caller lost access, answering what is in flight with the reason first: calls waiting on
   * the upstream get -32003 now (their answers, if they come, are dropped), and held calls are refused by
   * tool-call.ts once their wait is aborted with `heldReason`.
   */
  async endRevoked(reason: string, heldReason: Error): Promise<void> {
    if (this.session.isClosed() || this.ending) return;
    this.log.info({ session: this.sessionId, reason }, "ending a session its caller may no longer use");
    const reply = (id: RequestId) => errorReply(id, RPC_ANSWERS.forbidden(reason));
    await this.endAfterAnswering((entry) => this.session.abandon(entry, reply(entry.id)), heldReason, {
      reason: notSent(reason),
      decision: "denied",
      reply,
    });
  }

  /**
   * Closes the session once what is in flight is answered: `answer` for each request waiting on the upstream, and
   * held calls aborted with `heldReason`, which tool-call.ts answers.
   */
  private async endAfterAnswering(
    answer: (entry: Pending) => void,
    heldReason: Error,
    end: SessionEnd,
  ): Promise<void> {
    if (this.session.isClosed() || this.ending) return;
    this.ending = end;
    const held = this.session.held();
    for (const controller of held.values()) controller.abort(heldReason);
    for (const entry of this.session.pending()) answer(entry);
    const deadline = Date.now() + 2000;
    while (held.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setImmediate(resolve)); // the held calls' refusals are written
    await this.session.close();
  }
}
