// Domain operations against a real, freshly migrated database: servers, policies, agents, approvals, audit,
// and tenant isolation (another account's ids are not_found everywhere).
import { seedUser } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/server/accounts/create-account";
import { createAgent } from "@/server/agents/create-agent";
import { createAgentKey } from "@/server/agents/create-agent-key";
import { getAgent } from "@/server/agents/list-agents";
import { revokeAgentKey } from "@/server/agents/revoke-agent-key";
import { decideApproval } from "@/server/approvals/decide-approval";
import { listApprovals } from "@/server/approvals/list-approvals";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { getPolicy } from "@/server/policies/get-policy";
import { listPolicyVersions } from "@/server/policies/list-policy-versions";
import { publishPolicy } from "@/server/policies/publish-policy";
import { restorePolicyVersion } from "@/server/policies/restore-policy-version";
import { simulatePolicy } from "@/server/policies/simulate-policy";
import { getServer } from "@/server/servers/get-server";
import { listServers } from "@/server/servers/list-servers";
import { registerServer } from "@/server/servers/register-server";
import { updateServer } from "@/server/servers/update-server";
import { codeOf, makeAccount, settingsFor, type TTestAccount } from "./helpers";

const POLICY = {
  version: "1",
  default: "deny",
  tools: { echo: {}, "get-sum": { action: "deny", reason: "no sums" } },
};

describe("domain operations", () => {
  let database: TestDatabase;
  let a: TTestAccount;
  let b: TTestAccount;
  let serverId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await makeAccount(database.db);
    b = await makeAccount(database.db);
    const server = await registerServer(a.admin, {
      name: "Everything",
      url: "http://127.0.0.1:9/mcp",
      headers: { Authorization: "Bearer upstream-secret-123" },
    });
    serverId = server.id;
  });

  afterAll(async () => {
    await database?.close();
  });

  it("refuses reserved and taken account slugs", async () => {
    const user = await seedUser(database.db, { email: "slugs@example.com" });
    expect(await codeOf(() => createAccount(database.db, user.id, { name: "x", slug: "signin" }))).toBe(
      "zod",
    );
    expect(await codeOf(() => createAccount(database.db, user.id, { name: "x", slug: a.slug }))).toBe(
      "conflict",
    );
  });

  it("registers a server with encrypted headers that are never returned", async () => {
    const dto = await getServer(a.admin, serverId);
    expect(dto.hasHeaders).toBe(true);
    expect(dto.gatewayUrl).toBe(`http://gateway.test/${a.slug}/everything/mcp`);
    expect(JSON.stringify(dto)).not.toContain("upstream-secret-123");
    const row = await database.db.server.findUnique({ where: { id: serverId }, omit: { headersEnc: false } });
    expect(row?.headersEnc).toBeTruthy();
    expect(row?.headersEnc).not.toContain("upstream-secret-123");
  });

  it("refuses private upstreams when they are not allowed (SSRF)", async () => {
    const strict = { ...a.admin, settings: settingsFor({ allowPrivateUpstreams: false }) };
    for (const url of ["http://127.0.0.1:8080/mcp", "http://169.254.169.254/latest", "http://10.0.0.1/mcp"]) {
      expect(await codeOf(() => registerServer(strict, { name: "bad", url }))).toBe("validation_failed");
    }
  });

  it("refuses stored headers that would frame or split the upstream request", async () => {
    const refused: Record<string, string>[] = [
      { "Content-Length": "60" },
      { "Transfer-Encoding": "chunked" },
      { Connection: "close" },
      { "X-Key": "k\r\nX-Injected: 1" },
    ];
    for (const headers of refused) {
      const error = await registerServer(a.admin, {
        name: "Framing",
        url: "http://127.0.0.1:12/mcp",
        headers,
      }).then(
        () => undefined,
        (failure: unknown) => failure as { issues?: Array<{ message: string }> },
      );
      expect(error?.issues?.[0]?.message).toMatch(/cannot be stored|line break/);
    }
  });

  it("keeps the slug oauth for the account URL's OAuth endpoint (/{account}/oauth/mcp)", async () => {
    const error = await registerServer(a.admin, {
      name: "Chosen",
      slug: "oauth",
      url: "http://127.0.0.1:13/mcp",
    }).then(
      () => undefined,
      (failure: unknown) => failure as { issues?: Array<{ message: string }> },
    );
    expect(error?.issues?.[0]?.message).toMatch(/account URL/);
    const named = await registerServer(a.admin, { name: "OAuth", url: "http://127.0.0.1:14/mcp" });
    expect(named.slug).toBe("oauth-server");
    expect(await codeOf(() => updateServer(a.admin, named.id, { slug: "oauth" }))).toBe("zod");
  });

  it("clears stored headers when the URL changes", async () => {
    const other = await registerServer(a.admin, {
      name: "Moving",
      url: "http://127.0.0.1:10/mcp",
      headers: { "X-Key": "k" },
    });
    const moved = await updateServer(a.admin, other.id, { url: "http://127.0.0.1:11/mcp" });
    expect(moved.hasHeaders).toBe(false);
  });

  it("publishes numbered versions, refuses invalid documents with JSON Pointers, restores", async () => {
    const invalid = await publishPolicy(a.admin, serverId, {
      document: { version: "1", default: "deny", tools: { echo: { ratelimit: {} } } },
    }).catch((error: unknown) => error as { code: string; errors: Array<{ path: string; message: string }> });
    expect(invalid).toMatchObject({ code: "validation_failed" });
    expect((invalid as { errors: Array<{ path: string; message: string }> }).errors[0]?.path).toBe(
      "/tools/echo/ratelimit",
    );
    const v1 = await publishPolicy(a.admin, serverId, { document: POLICY, comment: "first" });
    expect(v1.version).toBe(1);
    const v2 = await publishPolicy(a.admin, serverId, {
      document: { ...POLICY, default: "allow" },
      comment: "second",
    });
    expect(v2.version).toBe(2);
    const v3 = await restorePolicyVersion(a.admin, serverId, 1);
    expect(v3).toMatchObject({ version: 3, restoredFrom: 1 });
    const state = await getPolicy(a.admin, serverId);
    expect(state.version).toBe(3);
    expect(state.policy).toEqual(POLICY);
    const versions = await listPolicyVersions(a.admin, serverId);
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions[2]?.author).toBe(a.admin.actor.label);
    const changes = await database.db.configChange.count({ where: { organizationId: a.id } });
    expect(changes).toBeGreaterThan(0);
  });

  it("simulates a call against a draft", async () => {
    const result = await simulatePolicy(a.admin, serverId, { tool: "get-sum", arguments: {}, draft: POLICY });
    expect(result).toMatchObject({ decision: "denied", rule: "/tools/get-sum", reason: "no sums" });
  });

  it("creates agents with a key shown once and stored as a hash; revokes keys", async () => {
    const { agent, key } = await createAgent(a.admin, { name: "alice-laptop", serverIds: [serverId] });
    expect(key).toMatch(/^gate_ak_/);
    expect(agent.servers[0]?.gatewayUrl).toContain("/everything/mcp");
    const stored = await database.db.agentKey.findMany({
      where: { agentId: agent.id },
      omit: { keyHash: false },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.keyHash).not.toContain(key);
    const second = await createAgentKey(a.admin, agent.id, {});
    const revoked = await revokeAgentKey(a.admin, second.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await codeOf(() => createAgent(a.admin, { name: "alice-laptop" }))).toBe("conflict");
  });

  it("approves a held call: status, decider, note and usableUntil = now + timeout", async () => {
    const agent = await createAgent(a.admin, { name: "approver-test", serverIds: [serverId] });
    const requestedAt = new Date();
    const row = await database.db.approvalRequest.create({
      data: {
        organizationId: a.id,
        serverId,
        agentId: agent.agent.id,
        tool: "get-tiny-image",
        callHash: "h1",
        rule: "/tools/get-tiny-image",
        requestedAt,
        expiresAt: new Date(requestedAt.getTime() + 300_000),
      },
    });
    const pending = await listApprovals(a.admin, { status: "pending" });
    expect(pending.map((p) => p.id)).toContain(row.id);
    const viewer = await a.as("viewer");
    expect(await codeOf(() => decideApproval(viewer, row.id, { decision: "approve" }))).toBe("ok");
    // (the role check is the wrapper's job; the operation itself is role-agnostic — see api.test.ts)
    const after = await database.db.approvalRequest.findUnique({ where: { id: row.id } });
    expect(after?.status).toBe("approved");
    expect(after?.decidedById).toBe(viewer.actor.userId);
    const usableFor = (after?.usableUntil?.getTime() ?? 0) - (after?.decidedAt?.getTime() ?? 0);
    expect(usableFor).toBe(300_000);
    expect(await codeOf(() => decideApproval(a.admin, row.id, { decision: "deny" }))).toBe("conflict");
  });

  it("pages the audit log newest first with a cursor", async () => {
    const base = Date.now() - 60_000;
    await database.db.auditEvent.createMany({
      data: Array.from({ length: 5 }, (_, index) => ({
        id: `0190${index}000-0000-7000-8000-000000000000`.slice(0, 36),
        organizationId: a.id,
        serverId,
        method: "tools/call",
        tool: "echo",
        decision: index % 2 === 0 ? ("allowed" as const) : ("denied" as const),
        createdAt: new Date(base + index * 1000),
      })),
    });
    const first = await listAuditEvents(a.admin, { limit: 3 });
    expect(first.events).toHaveLength(3);
    expect(first.nextCursor).toBeTruthy();
    const second = await listAuditEvents(a.admin, { limit: 3, cursor: first.nextCursor });
    expect(second.events).toHaveLength(2);
    expect(second.nextCursor).toBeUndefined();
    const denied = await listAuditEvents(a.admin, { decision: "denied" });
    expect(denied.events.every((event) => event.decision === "denied")).toBe(true);
    expect((await listAuditEvents(b.admin, {})).events).toHaveLength(0);
  });

  it("replays recorded calls against a draft", async () => {
    const result = await simulatePolicy(a.admin, serverId, {
      draft: { version: "1", default: "deny", tools: { echo: { action: "deny" } } },
      replay: 100,
    });
    expect(result).toHaveProperty("replay");
    const report = (result as { replay: { total: number; changed: number; summary: string } }).replay;
    expect(report.total).toBe(5);
    expect(report.changed).toBeGreaterThan(0);
    expect(report.summary).not.toBe("");
  });

  it("isolates tenants: another account's ids are not_found", async () => {
    const agentId = (await getAgentId(a)) ?? "";
    const key = await database.db.agentKey.findFirst({ where: { organizationId: a.id } });
    const approval = await database.db.approvalRequest.findFirst({ where: { organizationId: a.id } });
    const other = b.admin;
    expect(await listServers(other)).toHaveLength(0);
    expect(await codeOf(() => getServer(other, serverId))).toBe("not_found");
    expect(await codeOf(() => getServer(other, "everything"))).toBe("not_found");
    expect(await codeOf(() => updateServer(other, serverId, { name: "x" }))).toBe("not_found");
    expect(await codeOf(() => publishPolicy(other, serverId, { document: POLICY }))).toBe("not_found");
    expect(await codeOf(() => getPolicy(other, serverId))).toBe("not_found");
    expect(await codeOf(() => getAgent(other, agentId))).toBe("not_found");
    expect(await codeOf(() => revokeAgentKey(other, key?.id ?? ""))).toBe("not_found");
    expect(await codeOf(() => decideApproval(other, approval?.id ?? "", { decision: "approve" }))).toBe(
      "not_found",
    );
    expect(await codeOf(() => createAgent(other, { name: "sneaky", serverIds: [serverId] }))).toBe(
      "not_found",
    );
  });
});

async function getAgentId(account: TTestAccount): Promise<string | undefined> {
  const agent = await account.admin.db.agent.findFirst({ where: { organizationId: account.id } });
  return agent?.id;
}
