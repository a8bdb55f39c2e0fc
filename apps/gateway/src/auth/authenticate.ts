/**
 * Who is calling, and may they use this server? Every refusal that could reveal whether an account, server or key
 * exists is the same `unauthorized`; only a valid key of this account gets the more precise `forbidden`.
 */
import { hashToken } from "@gatehouse/db/secrets";
import { HTTP_ANSWERS, type HttpAnswer } from "../answers.js";
import type { AccountCache } from "../config/account-cache.js";
import type { AccountSnapshot, AgentSnapshot, ServerSnapshot } from "../config/snapshot.js";
import { type Caller, callerOf } from "./caller.js";
import { checkAccessToken, looksLikeJwt, type OAuthSettings } from "./oauth-bearer.js";

/** Keys keep working this long after the store was last reachable (DESIGN §5). */
const STALE_KEY_GRACE_MS = 10 * 60 * 1000;

/** Which URL was called: the key URL (`…/mcp`) or the OAuth URL (`…/oauth/mcp`, which also takes access tokens). */
export type AuthMode = "key" | "oauth";

/** A refusal carries the answer the endpoint gives (answers.ts). */
export type AuthResult =
  | { ok: true; caller: Caller }
  | {
      ok: false;
      answer: HttpAnswer;
      /** RFC 6750 `error_description` for a presented but refused access token (the OAuth URL's challenge). */
      tokenError?: string;
      /**
       * A known agent of this account refused for what the account set (suspended, out of scope): the dashboard's
       * activity log shows such requests, so the endpoint audits them (http/audit-refusal.ts).
       */
      refused?: Refused;
    };

/** Who was refused at the door, and why (the audit event's reason). */
export interface Refused {
  caller: Caller;
  reason: string;
}

/** The account URL's result: the agent and its key, no server yet. */
export type AgentAuthResult =
  | { ok: true; account: AccountSnapshot; agent: AgentSnapshot; keyId: string }
  | { ok: false; answer: HttpAnswer };

const UNAUTHORIZED = { ok: false, answer: HTTP_ANSWERS.unauthorized } as const;
const UNAVAILABLE = { ok: false, answer: HTTP_ANSWERS.unavailable } as const;

function forbidden(message: string): { ok: false; answer: HttpAnswer };
function forbidden(message: string, refused: Refused): { ok: false; answer: HttpAnswer; refused: Refused };
function forbidden(message: string, refused?: Refused) {
  return refused
    ? { ok: false, answer: HTTP_ANSWERS.forbidden(message), refused }
    : { ok: false, answer: HTTP_ANSWERS.forbidden(message) };
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export class Authenticator {
  /** keyHash → when it was last accepted while the store was reachable. */
  private readonly verifiedAt = new Map<string, number>();

  constructor(
    private readonly accounts: AccountCache,
    private readonly onKeyUsed: (keyId: string) => void = () => undefined,
    private readonly oauth?: OAuthSettings,
    private readonly onGrantUsed: (grantId: string) => void = () => undefined,
  ) {}

  /**
   * While the store is down, every refusal that would be a 401 is a 503: an account this replica never loaded can
   * only be answered 503 then, and a 401 for the others would tell who has an account here (and is active).
   */
  async authenticate(
    accountSlug: string,
    serverSlug: string,
    authorization: string | undefined,
    mode: AuthMode = "key",
  ): Promise<AuthResult> {
    const result = await this.check(accountSlug, serverSlug, authorization, mode);
    return !result.ok && result.answer === HTTP_ANSWERS.unauthorized && this.accounts.storeDown
      ? UNAVAILABLE
      : result;
  }

  private async check(
    accountSlug: string,
    serverSlug: string,
    authorization: string | undefined,
    mode: AuthMode,
  ): Promise<AuthResult> {
    let account: AccountSnapshot | undefined;
    try {
      account = this.accounts.peek(accountSlug) ?? (await this.accounts.get(accountSlug));
    } catch {
      return UNAVAILABLE;
    }
    if (!account) return UNAUTHORIZED;
    const server = account.serversBySlug.get(serverSlug);
    const token = bearerToken(authorization);
    if (!server) return UNAUTHORIZED;
    // The OAuth URL exists to be signed in to: without a token it asks for one, even on a public server.
    if (!token) return mode === "oauth" ? UNAUTHORIZED : this.anonymous(account, server);
    if (mode === "oauth" && this.oauth && looksLikeJwt(token))
      return this.withAccessToken(account, server, token);

    const keyed = await this.keyAgent(account, token);
    if (!keyed) return UNAUTHORIZED;
    const caller = callerOf(keyed.account, server, keyed.agent, keyed.keyId);
    const refused = refusal(caller);
    if (refused) return refused;
    this.onKeyUsed(keyed.keyId);
    return { ok: true, caller };
  }

  /**
   * The account URL (`/{account}/mcp`, issue 20): the agent of an agent key, before any server is chosen. The same
   * refusals as `authenticate`; a suspended agent is forbidden, its servers are checked one by one by the caller.
   */
  async authenticateAgent(accountSlug: string, authorization: string | undefined): Promise<AgentAuthResult> {
    let account: AccountSnapshot | undefined;
    try {
      account = this.accounts.peek(accountSlug) ?? (await this.accounts.get(accountSlug));
    } catch {
      return UNAVAILABLE;
    }
    const token = bearerToken(authorization);
    const keyed = account && token ? await this.keyAgent(account, token) : undefined;
    if (!keyed) return this.accounts.storeDown ? UNAVAILABLE : UNAUTHORIZED;
    if (keyed.agent.suspended) return forbidden("Forbidden: this agent is suspended");
    this.onKeyUsed(keyed.keyId);
    return { ok: true, ...keyed };
  }

  /** The agent of a valid, unexpired agent key of the account (a key created a moment ago is looked up once). */
  private async keyAgent(
    account: AccountSnapshot,
    token: string,
  ): Promise<{ account: AccountSnapshot; agent: AgentSnapshot; keyId: string } | undefined> {
    const hash = hashToken(token);
    // A key this replica does not hold yet may have been created a moment ago: looked up once (bounded).
    if (!account.keys.has(hash)) account = await this.accounts.withNew(account, { keyHash: hash });
    const key = account.keys.get(hash);
    if (!key) return undefined;
    const now = Date.now();
    if (key.expiresAt && key.expiresAt.getTime() <= now) return undefined;
    if (this.accounts.storeHealthy) {
      this.verifiedAt.set(hash, now);
    } else if (now - this.accounts.lastStoreOkAt > STALE_KEY_GRACE_MS) {
      const last = this.verifiedAt.get(hash) ?? 0;
      if (now - last > STALE_KEY_GRACE_MS) return undefined;
    }
    const agent = account.agents.get(key.agentId);
    return agent ? { account, agent, keyId: key.id } : undefined;
  }

  private async withAccessToken(
    account: AccountSnapshot,
    server: ServerSnapshot,
    token: string,
  ): Promise<AuthResult> {
    if (!this.oauth) return UNAUTHORIZED;
    let checked = await checkAccessToken(this.oauth, account, server, token);
    // A token minted a moment ago names a grant this replica may not hold yet: looked up once (bounded), like a key.
    if (!checked.ok && checked.unknownGrant) {
      const fresher = await this.accounts.withNew(account, { grantId: checked.unknownGrant });
      const fresherServer = fresher.serversBySlug.get(server.slug);
      if (fresher !== account && fresherServer) {
        account = fresher;
        server = fresherServer;
        checked = await checkAccessToken(this.oauth, account, server, token);
      }
    }
    if (!checked.ok) return { ...UNAUTHORIZED, tokenError: checked.description };
    const caller = callerOf(account, server, checked.agent, checked.grant.id, checked.grant.id);
    const refused = refusal(caller);
    if (refused) return refused;
    this.onGrantUsed(checked.grant.id);
    return { ok: true, caller };
  }

  private anonymous(account: AccountSnapshot, server: ServerSnapshot): AuthResult {
    if (!server.public || !account.anonymousAgentId) return UNAUTHORIZED;
    const agent = account.agents.get(account.anonymousAgentId);
    if (!agent) return UNAUTHORIZED;
    const caller = callerOf(account, server, agent, undefined);
    if (server.suspended || agent.suspended) {
      const reason = server.suspended ? "the server is suspended" : "the agent is suspended";
      return forbidden("Forbidden: this server is suspended", { caller, reason });
    }
    return { ok: true, caller };
  }
}

/** A known agent of this account that may still not call: suspended, out of scope, or the server suspended. */
function refusal(caller: Caller): AuthResult | undefined {
  const { agent, server } = caller;
  if (agent.suspended)
    return forbidden("Forbidden: this agent is suspended", { caller, reason: "the agent is suspended" });
  if (!agent.scopes.has(server.id))
    return forbidden("Forbidden: this agent may not use this server", {
      caller,
      reason: "the agent may not use this server",
    });
  if (server.suspended)
    return forbidden("Forbidden: this server is suspended", { caller, reason: "the server is suspended" });
  return undefined;
}
