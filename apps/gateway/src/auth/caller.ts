/**
 * Who is calling: the one shape the authenticated request, the session, each call and its audit events share. A
 * session keeps the caller it was opened by and sees it afresh on every request (`currentCaller`), so that a
 * reload of the account (a publish, a suspension, a revoked key) applies to the next request without reconnecting.
 */
import type { AccountCache } from "../config/account-cache.js";
import {
  type AccountSnapshot,
  type AgentSnapshot,
  type PolicySnapshot,
  policyFor,
  type ServerSnapshot,
} from "../config/snapshot.js";

export interface Caller {
  account: AccountSnapshot;
  server: ServerSnapshot;
  agent: AgentSnapshot;
  /** The policy the agent runs under on this server; undefined when none is published (deny everything). */
  policy: PolicySnapshot | undefined;
  /**
   * The credential used: the agent key's id, or the OAuth grant's id for an access token (ids are UUIDs, so the two
   * never collide); undefined for the anonymous agent of a public server.
   */
  keyId: string | undefined;
  /** Set when the caller signed in with OAuth. */
  grantId?: string | undefined;
}

export function callerOf(
  account: AccountSnapshot,
  server: ServerSnapshot,
  agent: AgentSnapshot,
  keyId: string | undefined,
  grantId?: string,
): Caller {
  const caller: Caller = { account, server, agent, policy: policyFor(account, server, agent), keyId };
  if (grantId !== undefined) caller.grantId = grantId;
  return caller;
}

/**
 * The same caller (account, server and agent by id) in the account's current snapshot, with `keyId`; undefined
 * when the account no longer has that server or agent. With `keepAccount`, an account this replica no longer holds
 * is taken from `last` (a call held for minutes still meets the rules it was held under).
 */
export function currentCaller(
  accounts: AccountCache,
  last: Caller,
  keyId: string | undefined,
  keepAccount = false,
): Caller | undefined {
  const account = accounts.peek(last.account.slug) ?? (keepAccount ? last.account : undefined);
  const server = account?.serversBySlug.get(last.server.slug);
  const agent = account?.agents.get(last.agent.id);
  if (!account || !server || !agent || server.id !== last.server.id) return undefined;
  if (account === last.account && keyId === last.keyId) return last;
  return callerOf(account, server, agent, keyId, last.grantId);
}

/** Whether two callers are the same agent on the same server (a session belongs to one). */
export function sameCaller(a: Caller, b: Caller): boolean {
  return a.agent.id === b.agent.id && a.server.id === b.server.id;
}
