/**
 * Reads one account's enforcement data (config/load-account.ts builds the snapshot from it). Every query is scoped
 * to the account's id. Secret columns (the webhook secret, upstream headers and environment) are selected only here,
 * still encrypted.
 */
import type { UpstreamTransportKind } from "@gatehouse/upstream";
import type { Db } from "./pool.js";

export interface OrganizationRow {
  id: string;
  slug: string;
  storeArgumentValues: boolean;
  approvalWebhookUrl: string | null;
  approvalWebhookSecretEnc: string | null;
}

export interface ServerRow {
  id: string;
  slug: string;
  name: string;
  transport: UpstreamTransportKind;
  url: string | null;
  headersEnc: string | null;
  command: string | null;
  args: string[];
  envEnc: string | null;
  public: boolean;
  pinTools: boolean;
  suspended: boolean;
  auth: "none" | "headers" | "oauth";
  connectionMode: "shared" | "per_agent";
}

export interface PolicyRow {
  id: string;
  serverId: string;
  isDefault: boolean;
  currentVersion: number | null;
}

export interface PolicyVersionRow {
  policyId: string;
  number: number;
  document: unknown;
}

export interface AgentRow {
  id: string;
  name: string;
  suspended: boolean;
  isAnonymous: boolean;
  servers: { serverId: string; policyId: string | null }[];
}

export interface ToolRow {
  serverId: string;
  name: string;
  definitionHash: string;
  pendingHash: string | null;
}

export interface AgentKeyRow {
  id: string;
  agentId: string;
  keyHash: string;
  expiresAt: Date | null;
}

export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrganizationRow | undefined> {
  const { rows } = await db.query<OrganizationRow>(
    `SELECT id, slug, "storeArgumentValues", "approvalWebhookUrl", "approvalWebhookSecretEnc"
     FROM "Organization" WHERE slug = $1`,
    [slug],
  );
  return rows[0];
}

/** Which of `slugs` name an account (one query for all of them). */
export async function existingAccountSlugs(db: Db, slugs: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ slug: string }>(
    'SELECT slug FROM "Organization" WHERE slug = ANY($1::text[])',
    [slugs],
  );
  return new Set(rows.map((row) => row.slug));
}

export async function listServers(db: Db, organizationId: string): Promise<ServerRow[]> {
  const { rows } = await db.query<ServerRow>(
    `SELECT id, slug, name, transport, url, "headersEnc", command, coalesce(args, '{}') AS args, "envEnc",
       public, "pinTools", suspended, auth, "connectionMode"
     FROM "Server" WHERE "organizationId" = $1`,
    [organizationId],
  );
  return rows;
}

export async function listPolicies(db: Db, organizationId: string): Promise<PolicyRow[]> {
  const { rows } = await db.query<PolicyRow>(
    'SELECT id, "serverId", "isDefault", "currentVersion" FROM "Policy" WHERE "organizationId" = $1',
    [organizationId],
  );
  return rows;
}

/** The given versions (policy id and number, pairwise) of the account's policies. */
export async function listPolicyVersions(
  db: Db,
  organizationId: string,
  wanted: { policyId: string; number: number }[],
): Promise<PolicyVersionRow[]> {
  if (wanted.length === 0) return [];
  const { rows } = await db.query<PolicyVersionRow>(
    `SELECT v."policyId", v.number, v.document
     FROM "PolicyVersion" v
     JOIN unnest($2::uuid[], $3::int[]) AS w("policyId", number)
       ON v."policyId" = w."policyId" AND v.number = w.number
     WHERE v."organizationId" = $1`,
    [organizationId, wanted.map((w) => w.policyId), wanted.map((w) => w.number)],
  );
  return rows;
}

/** The account's agents, each with its server scopes. */
export async function listAgents(db: Db, organizationId: string): Promise<AgentRow[]> {
  const agents = await db.query<Omit<AgentRow, "servers">>(
    'SELECT id, name, suspended, "isAnonymous" FROM "Agent" WHERE "organizationId" = $1',
    [organizationId],
  );
  const scopes = await db.query<{ agentId: string; serverId: string; policyId: string | null }>(
    `SELECT s."agentId", s."serverId", s."policyId"
     FROM "AgentServer" s JOIN "Agent" a ON a.id = s."agentId"
     WHERE a."organizationId" = $1`,
    [organizationId],
  );
  const byAgent = new Map<string, AgentRow["servers"]>();
  for (const scope of scopes.rows) {
    const list = byAgent.get(scope.agentId) ?? [];
    list.push({ serverId: scope.serverId, policyId: scope.policyId });
    byAgent.set(scope.agentId, list);
  }
  return agents.rows.map((agent) => ({ ...agent, servers: byAgent.get(agent.id) ?? [] }));
}

/** The catalogue's tools not removed upstream. */
export async function listTools(db: Db, organizationId: string): Promise<ToolRow[]> {
  const { rows } = await db.query<ToolRow>(
    `SELECT "serverId", name, "definitionHash", "pendingHash"
     FROM "Tool" WHERE "organizationId" = $1 AND "removedAt" IS NULL`,
    [organizationId],
  );
  return rows;
}

/** Unrevoked keys (only their hashes are stored). */
export async function listAgentKeys(db: Db, organizationId: string): Promise<AgentKeyRow[]> {
  const { rows } = await db.query<AgentKeyRow>(
    `SELECT id, "agentId", "keyHash", "expiresAt"
     FROM "AgentKey" WHERE "organizationId" = $1 AND "revokedAt" IS NULL`,
    [organizationId],
  );
  return rows;
}

export interface OAuthGrantRow {
  id: string;
  agentId: string;
  serverId: string;
}

export async function listOAuthGrants(db: Db, organizationId: string): Promise<OAuthGrantRow[]> {
  const { rows } = await db.query<OAuthGrantRow>(
    `SELECT id, "agentId", "serverId" FROM "OAuthGrant" WHERE "organizationId" = $1 AND "revokedAt" IS NULL`,
    [organizationId],
  );
  return rows;
}
