/** The shapes a relay session is made of. */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { AccountSnapshot, AgentSnapshot, PolicySnapshot, ServerSnapshot } from "../config/snapshot.js";
import type { RequestId } from "./messages.js";

export interface SessionIdentity {
  accountSlug: string;
  accountId: string;
  serverSlug: string;
  serverId: string;
  agentId: string;
}

export interface SessionContext {
  account: AccountSnapshot;
  server: ServerSnapshot;
  agent: AgentSnapshot;
  policy: PolicySnapshot | undefined;
}

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
}
