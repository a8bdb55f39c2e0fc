/**
 * What a call handler (tools/call, see tool-call.ts) may do with the session it runs in, and nothing more: who is
 * calling, what the session shows of the upstream's tools, answer the agent, forward the request upstream, and
 * hold it while a person decides. RelaySession implements it; the handler never sees the session itself.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../auth/caller.js";
import type { RequestId, RpcRequest } from "./messages.js";

/** What whoever forwards a request learns of it: `onResult` may rewrite a result; `onDone` audits it. */
export interface ForwardHooks {
  tool?: string;
  auditId?: string;
  onResult?: (message: JSONRPCMessage) => JSONRPCMessage;
  onDone?: (outcome: { ok: boolean; status: string }) => void;
}

export interface CallSession {
  readonly id: string;
  /**
   * The caller as the account's snapshot sees it now, with the key this request came with; undefined when the
   * server or the agent is gone. `last`: a caller seen earlier whose account is kept if this replica let it go.
   */
  context(keyId: string | undefined, last?: Caller): Caller | undefined;
  /** Whether this session must not see the tool: its server pins tools and the definition awaits acceptance. */
  pinnedHidden(tool: string, caller: Caller): boolean;
  /** The answer to a call of a tool the agent may not see: the upstream's own for a tool it lacks. */
  unknownToolReply(request: RpcRequest): Promise<JSONRPCMessage>;
  /** Sends a message to the agent, on the stream of request `requestId`. */
  reply(message: JSONRPCMessage, requestId: RequestId): Promise<void>;
  forward(request: RpcRequest, hooks: ForwardHooks): void;
  /** The call waits for a person: its wait is aborted on cancellation or when the session ends (see access.ts). */
  hold(requestId: RequestId): AbortSignal;
  /** The wait is over. */
  release(requestId: RequestId): void;
}
