/**
 * Whether a session's caller may still use its server after the account changed: every HTTP request is
 * authenticated, but a call held for approval, and a session's open streams, outlive the request that was checked.
 */
import type { Caller } from "../auth/caller.js";

/** The reason a held call's wait was aborted when its session's caller lost access (see RelaySession). */
export class AccessRevoked extends Error {}

/**
 * The reason a held call's wait was aborted when its session ended for another cause (its upstream ended it): the
 * call is answered as still pending, so that the agent retries it, in its next session, once it is approved.
 */
export class SessionEnding extends Error {}

/** How a call is refused when its caller lost access before it could be sent. */
export function notSent(reason: string): string {
  return `${reason}; the call was not sent`;
}

/**
 * Why the caller may no longer call this server (agent or server suspended, the server out of the agent's scope or
 * no longer public for the anonymous agent, or none of `keyIds` still valid), or undefined.
 */
export function accessRevoked(ctx: Caller, keyIds: Iterable<string>): string | undefined {
  if (ctx.agent.suspended) return "the agent was suspended";
  if (ctx.server.suspended) return "the server was suspended";
  if (ctx.agent.isAnonymous) return ctx.server.public ? undefined : "the server is no longer public";
  if (!ctx.agent.scopes.has(ctx.server.id)) return "the agent may no longer use this server";
  const wanted = new Set(keyIds);
  if (wanted.size === 0) return undefined;
  const now = Date.now();
  for (const key of ctx.account.keys.values()) {
    if (wanted.has(key.id) && !(key.expiresAt && key.expiresAt.getTime() <= now)) return undefined;
  }
  // An OAuth caller's credential is its grant (Caller.keyId): revoked grants are not in the snapshot.
  for (const id of wanted) if (ctx.account.grants.get(id)?.agentId === ctx.agent.id) return undefined;
  return wanted.size === 1 ? "the key was revoked or expired" : "the keys were revoked or expired";
}
