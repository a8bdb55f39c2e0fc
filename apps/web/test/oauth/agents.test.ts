// Agents of kind `oauth` in the domain operations behind the Agents page and /api/v1/agents: listed with their
// client and user, "revoke access" revokes every grant (and only theirs), no keys for them, delete removes grants.
import { seedOAuthGrant, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/server/agents/create-agent";
import { createAgentKey } from "@/server/agents/create-agent-key";
import { deleteAgent } from "@/server/agents/delete-agent";
import { getAgent, listAgents } from "@/server/agents/list-agents";
import { revokeAgentAccess } from "@/server/agents/revoke-agent-access";
import { codeOf, makeAccount, type TTestAccount } from "../helpers";

describe("oauth agents", () => {
  let database: TestDatabase;
  let a: TTestAccount;
  let agentId: string;
  let serverId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await makeAccount(database.db);
    const server = await seedServer(database.db, {
      organizationId: a.id,
      slug: "fx",
      url: "http://127.0.0.1:1/mcp",
    });
    serverId = server.id;
    const seeded = await seedOAuthGrant(database.db, {
      organizationId: a.id,
      serverId,
      userId: a.admin.actor.userId ?? "",
      resource: `http://gateway.test/${a.slug}/fx/oauth/mcp`,
      clientName: "Claude",
    });
    agentId = seeded.agent.id;
  });

  afterAll(async () => {
    await database?.close();
  });

  it("lists an oauth agent with its client, user and the OAuth URL", async () => {
    const agent = (await listAgents(a.admin)).find((row) => row.id === agentId);
    expect(agent).toMatchObject({
      kind: "oauth",
      client: { name: "Claude", registration: "dynamic" },
      user: { id: a.admin.actor.userId, email: a.admin.actor.label },
      activeGrants: 1,
      keys: [],
    });
    expect(agent?.servers[0]?.gatewayUrl).toBe(`http://gateway.test/${a.slug}/fx/oauth/mcp`);
    const { agent: keyAgent } = await createAgent(a.admin, { name: "ci-runner", serverIds: [serverId] });
    expect(keyAgent).toMatchObject({ kind: "key", client: null, user: null, activeGrants: 0 });
  });

  it("revokes every grant of the agent, records it, and refuses keys and revoking key agents", async () => {
    expect(await codeOf(() => createAgentKey(a.admin, agentId, {}))).toBe("bad_request");
    const keyAgent = (await listAgents(a.admin)).find((row) => row.kind === "key");
    expect(await codeOf(() => revokeAgentAccess(a.admin, keyAgent?.id ?? ""))).toBe("bad_request");
    const other = await makeAccount(database.db);
    expect(await codeOf(() => revokeAgentAccess(other.admin, agentId))).toBe("not_found");
    const revoked = await revokeAgentAccess(a.admin, agentId);
    expect(revoked.activeGrants).toBe(0);
    const event = await database.db.adminAuditEvent.findFirstOrThrow({
      where: { action: "agent.revoke_access" },
    });
    expect(event.targetId).toBe(agentId);
  });

  it("deletes the agent with its grants", async () => {
    await deleteAgent(a.admin, agentId);
    expect(await database.db.oAuthGrant.count({ where: { agentId } })).toBe(0);
    expect(await codeOf(() => getAgent(a.admin, agentId))).toBe("not_found");
  });
});
