/** The in-memory picture of one account that the request path reads (never the database when warm). */
import type { CompiledPolicy } from "@gatehouse/policy";
import type { UpstreamTarget } from "@gatehouse/upstream";
import type { ServerOAuthSnapshot } from "../upstream-oauth/oauth-snapshot.js";

export interface ServerSnapshot {
  id: string;
  slug: string;
  name: string;
  target: UpstreamTarget;
  public: boolean;
  suspended: boolean;
  pinTools: boolean;
  defaultPolicyId: string | undefined;
  /** Tool name → hash of its accepted definition (the catalogue), for rug-pull detection. */
  acceptedTools: Map<string, string>;
  /**
   * Tools with a changed definition awaiting acceptance (a pending hash in the catalogue). With pin_tools they are
   * hidden from every session, including one that calls them without listing tools first.
   */
  pendingTools: ReadonlySet<string>;
  /** An `oauth` server's registration and connections (DESIGN §10 "Upstream"); undefined for the others. */
  oauth?: ServerOAuthSnapshot | undefined;
}

export interface PolicySnapshot {
  id: string;
  serverId: string;
  /** Published version in force; undefined when never published (deny everything). */
  version: number | undefined;
  /** Undefined when never published or when the stored document does not validate (deny everything). */
  compiled: CompiledPolicy | undefined;
}

export interface AgentSnapshot {
  id: string;
  name: string;
  suspended: boolean;
  isAnonymous: boolean;
  /** serverId → the named policy it runs under there (undefined: the server's default). */
  scopes: Map<string, string | undefined>;
}

export interface KeySnapshot {
  id: string;
  agentId: string;
  expiresAt: Date | undefined;
}

/** An unrevoked OAuth grant (one consent): its access tokens name it, and are refused once it is gone. */
export interface GrantSnapshot {
  id: string;
  agentId: string;
  serverId: string;
}

export interface AccountSnapshot {
  id: string;
  slug: string;
  storeArgumentValues: boolean;
  /** Where held calls are announced (secret decrypted), when the account set one. */
  approvalWebhook: { url: string; secret: string } | undefined;
  serversBySlug: Map<string, ServerSnapshot>;
  agents: Map<string, AgentSnapshot>;
  /** keyHash → key. Revoked keys are not loaded. */
  keys: Map<string, KeySnapshot>;
  /** grantId → grant. Revoked grants are not loaded. */
  grants: Map<string, GrantSnapshot>;
  policies: Map<string, PolicySnapshot>;
  anonymousAgentId: string | undefined;
  loadedAt: number;
}

/** The policy an agent runs under on a server: its scope's named policy, else the server's default. */
export function policyFor(
  account: AccountSnapshot,
  server: ServerSnapshot,
  agent: AgentSnapshot,
): PolicySnapshot | undefined {
  const named = agent.scopes.get(server.id);
  const id = named ?? server.defaultPolicyId;
  return id ? account.policies.get(id) : undefined;
}
