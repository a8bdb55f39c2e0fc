/**
 * Loads one account's enforcement data from the database into an `AccountSnapshot`: servers (upstream headers and
 * stdio environment decrypted), agents and their scopes, unrevoked key hashes and the compiled current policies.
 */
import { decryptJson, decryptSecret } from "@gatehouse/db/secrets";
import { type CompiledPolicy, compilePolicy, validatePolicy } from "@gatehouse/policy";
import type { UpstreamTarget } from "@gatehouse/upstream";
import type { Logger } from "../log.js";
import {
  findOrganizationBySlug,
  listAgentKeys,
  listAgents,
  listOAuthGrants,
  listPolicies,
  listPolicyVersions,
  listServers,
  listTools,
} from "../store/account.js";
import { insertAnonymousAgent } from "../store/agent.js";
import type { Db } from "../store/pool.js";
import { loadServerOAuth } from "../upstream-oauth/oauth-snapshot.js";
import type { AccountSnapshot, AgentSnapshot, PolicySnapshot, ServerSnapshot } from "./snapshot.js";

/** Compiled policies by policy id and version: published versions are immutable, so this never goes stale. */
const compiledCache = new Map<string, CompiledPolicy | undefined>();

function compileDocument(cacheKey: string, document: unknown, log: Logger): CompiledPolicy | undefined {
  if (compiledCache.has(cacheKey)) return compiledCache.get(cacheKey);
  const result = validatePolicy(document);
  const compiled = result.ok ? compilePolicy(result.policy) : undefined;
  if (!result.ok)
    log.error({ policy: cacheKey, errors: result.errors.length }, "stored policy does not validate");
  if (compiledCache.size > 10_000) compiledCache.clear();
  compiledCache.set(cacheKey, compiled);
  return compiled;
}

function decryptRecord(ciphertext: string | null, key: Buffer, log: Logger, what: string) {
  if (!ciphertext) return undefined;
  try {
    return decryptJson<Record<string, string>>(ciphertext, key);
  } catch {
    log.error({ what }, "could not decrypt a stored secret; the upstream gets none");
    return undefined;
  }
}

export async function loadAccount(
  db: Db,
  slug: string,
  secretKey: Buffer,
  log: Logger,
): Promise<AccountSnapshot | undefined> {
  const org = await findOrganizationBySlug(db, slug);
  if (!org) return undefined;
  const organizationId = org.id;
  const servers = await listServers(db, organizationId);
  const policies = await listPolicies(db, organizationId);
  const published = policies.flatMap((policy) =>
    policy.currentVersion === null ? [] : [{ policyId: policy.id, number: policy.currentVersion }],
  );
  const versions = await listPolicyVersions(db, organizationId, published);
  const agents = await listAgents(db, organizationId);
  const tools = await listTools(db, organizationId);
  const keys = await listAgentKeys(db, organizationId);
  const grants = await listOAuthGrants(db, organizationId);
  const oauthByServer = await loadServerOAuth(db, organizationId, servers, secretKey, log);

  const policySnapshots = new Map<string, PolicySnapshot>();
  const defaultPolicy = new Map<string, string>();
  for (const policy of policies) {
    if (policy.isDefault) defaultPolicy.set(policy.serverId, policy.id);
    const version = versions.find((v) => v.policyId === policy.id && v.number === policy.currentVersion);
    policySnapshots.set(policy.id, {
      id: policy.id,
      serverId: policy.serverId,
      version: version?.number,
      compiled: version
        ? compileDocument(`${policy.id}@${version.number}`, version.document, log)
        : undefined,
    });
  }

  const acceptedByServer = new Map<string, Map<string, string>>();
  const pendingByServer = new Map<string, Set<string>>();
  for (const tool of tools) {
    const accepted = acceptedByServer.get(tool.serverId) ?? new Map<string, string>();
    accepted.set(tool.name, tool.definitionHash);
    acceptedByServer.set(tool.serverId, accepted);
    if (tool.pendingHash === null) continue;
    const pending = pendingByServer.get(tool.serverId) ?? new Set<string>();
    pending.add(tool.name);
    pendingByServer.set(tool.serverId, pending);
  }
  const serversBySlug = new Map<string, ServerSnapshot>();
  for (const server of servers) {
    const target: UpstreamTarget = { transport: server.transport };
    if (server.url) target.url = server.url;
    const headers = decryptRecord(server.headersEnc, secretKey, log, "server headers");
    if (headers) target.headers = headers;
    if (server.command) target.command = server.command;
    target.args = server.args;
    const env = decryptRecord(server.envEnc, secretKey, log, "server environment");
    if (env) target.env = env;
    serversBySlug.set(server.slug, {
      id: server.id,
      slug: server.slug,
      name: server.name,
      target,
      public: server.public,
      suspended: server.suspended,
      pinTools: server.pinTools,
      defaultPolicyId: defaultPolicy.get(server.id),
      acceptedTools: acceptedByServer.get(server.id) ?? new Map(),
      pendingTools: pendingByServer.get(server.id) ?? new Set(),
      oauth: oauthByServer.get(server.id),
    });
  }

  const agentSnapshots = new Map<string, AgentSnapshot>();
  let anonymousAgentId: string | undefined;
  for (const agent of agents) {
    if (agent.isAnonymous) anonymousAgentId = agent.id;
    agentSnapshots.set(agent.id, {
      id: agent.id,
      name: agent.name,
      suspended: agent.suspended,
      isAnonymous: agent.isAnonymous,
      scopes: new Map(agent.servers.map((scope) => [scope.serverId, scope.policyId ?? undefined])),
    });
  }

  let approvalWebhook: AccountSnapshot["approvalWebhook"];
  if (org.approvalWebhookUrl && org.approvalWebhookSecretEnc) {
    try {
      approvalWebhook = {
        url: org.approvalWebhookUrl,
        secret: decryptSecret(org.approvalWebhookSecretEnc, secretKey),
      };
    } catch {
      log.error("could not decrypt the approval webhook secret; webhooks are off for this account");
    }
  }
  return {
    id: org.id,
    slug: org.slug,
    storeArgumentValues: org.storeArgumentValues,
    approvalWebhook,
    serversBySlug,
    agents: agentSnapshots,
    keys: new Map(
      keys.map((key) => [
        key.keyHash,
        { id: key.id, agentId: key.agentId, expiresAt: key.expiresAt ?? undefined },
      ]),
    ),
    grants: new Map(grants.map((grant) => [grant.id, { ...grant }])),
    policies: policySnapshots,
    anonymousAgentId,
    loadedAt: Date.now(),
  };
}

/** Creates the account's built-in `anonymous` agent (used for public servers) when it does not exist yet. */
export async function ensureAnonymousAgent(db: Db, organizationId: string): Promise<void> {
  await insertAnonymousAgent(db, organizationId);
}
