// Calls to an OAuth-protected upstream through the gateway (our fixture authorization server and MCP server, a real
// database): the connection's token goes upstream, is refreshed before it expires and after a 401 (the rotated
// refresh token stored), a refused refresh expires the connection with the actionable text; per_agent keeps the
// agents' identities apart, and an agent without its connection is told where to connect; audit names the connection.

import { decryptSecret } from "@gatehouse/db/secrets";
import { seedAgent } from "@gatehouse/db/seed";
import { type RunningOAuthUpstream, startOAuthUpstream } from "@gatehouse/test-fixtures/oauth-upstream.js";
import type { UpstreamOAuthClientConfig } from "@gatehouse/upstream";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../src/app.js";
import {
  connectClient,
  mcpUrl,
  type RunningGateway,
  SECRET_KEY,
  testConfig,
  testDatabase,
  textOf,
  waitFor,
} from "./helpers/gateway.js";
import { connectAt, makeOAuthServer } from "./helpers/oauth-connection.js";
import { seedServerAccount } from "./helpers/server-account.js";

const ALLOW = { version: "1", default: "allow" };

describe("an OAuth-protected upstream through the gateway", () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let upstream: RunningOAuthUpstream;
  let gw: RunningGateway;
  let shared: Awaited<ReturnType<typeof seedServerAccount>>;
  let sharedClient: UpstreamOAuthClientConfig;
  let perAgent: Awaited<ReturnType<typeof seedServerAccount>>;
  let perAgentClient: UpstreamOAuthClientConfig;
  const logLines: string[] = [];

  beforeAll(async () => {
    [database, upstream] = await Promise.all([testDatabase(), startOAuthUpstream({ accessTtl: 3600 })]);
    shared = await seedServerAccount(database.db, { slug: "notes", url: upstream.url, policy: ALLOW });
    sharedClient = await makeOAuthServer(database.db, {
      orgId: shared.orgId,
      serverId: shared.serverId,
      url: upstream.url,
      mode: "shared",
    });
    perAgent = await seedServerAccount(database.db, { slug: "mine", url: upstream.url, policy: ALLOW });
    perAgentClient = await makeOAuthServer(database.db, {
      orgId: perAgent.orgId,
      serverId: perAgent.serverId,
      url: upstream.url,
      mode: "per_agent",
    });
    // Every log line, at the most detailed level, to check that no token or code is ever logged.
    const log = pino({ level: "trace" }, { write: (line: string) => void logLines.push(line) });
    const gateway = createGateway(await testConfig(database.url, { configPollMs: 50 }), { log });
    await gateway.start();
    const port = await gateway.listen(0, "127.0.0.1");
    gw = { gateway, port, base: `http://127.0.0.1:${port}`, stop: () => gateway.close() };
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
    await database?.close();
  });

  async function whoami(
    account: string,
    server: string,
    key: string,
    capabilities?: Record<string, unknown>,
  ) {
    const client = await connectClient(
      mcpUrl(gw.base, account, server),
      key,
      capabilities ? { capabilities } : {},
    );
    try {
      return await client.callTool({ name: "whoami", arguments: {} });
    } finally {
      await client.close();
    }
  }

  it("tells a caller without the shared connection where to connect, then uses it once it is made", async () => {
    const refused = await whoami(shared.account, "notes", shared.key);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe(
      `Upstream authorization required: connect notes in Gatehouse (http://localhost:3000/${shared.account}/servers/notes)`,
    );
    const connectionId = await connectAt(database.db, sharedClient, {
      orgId: shared.orgId,
      serverId: shared.serverId,
    });
    const answer = await waitFor(async () => {
      const result = await whoami(shared.account, "notes", shared.key).catch(() => undefined);
      return !result || result.isError ? undefined : result;
    });
    expect(textOf(answer)).toMatch(/^user-\d+$/);
    const events = await waitFor(async () => {
      const rows = await database.db.auditEvent.findMany({
        where: { organizationId: shared.orgId, tool: "whoami", decision: "allowed" },
      });
      return rows.length > 0 ? rows : undefined;
    });
    expect(events[0]?.upstreamConnection).toBe("shared");
    expect(connectionId).toBeTruthy();
  });

  it("refreshes after the upstream refuses the token, and before it expires, storing the rotated refresh token", async () => {
    const before = await database.db.upstreamConnection.findFirstOrThrow({
      where: { serverId: shared.serverId },
      omit: { refreshTokenEnc: false },
    });
    const refreshes = upstream.refreshes();
    upstream.expireAccessTokens();
    const after401 = await whoami(shared.account, "notes", shared.key);
    expect(after401.isError).toBeFalsy();
    expect(upstream.refreshes()).toBe(refreshes + 1);
    const rotated = await database.db.upstreamConnection.findFirstOrThrow({
      where: { id: before.id },
      omit: { refreshTokenEnc: false },
    });
    expect(rotated.tokenVersion).toBe(before.tokenVersion + 1);
    expect(decryptSecret(rotated.refreshTokenEnc ?? "", SECRET_KEY)).not.toBe(
      decryptSecret(before.refreshTokenEnc ?? "", SECRET_KEY),
    );
    // About to expire: refreshed before use, without waiting for a 401.
    await database.db.upstreamConnection.update({
      where: { id: before.id },
      data: { expiresAt: new Date(Date.now() + 5000) },
    });
    await waitFor(async () => {
      const result = await whoami(shared.account, "notes", shared.key).catch(() => undefined);
      return upstream.refreshes() === refreshes + 2 && result !== undefined && !result.isError
        ? true
        : undefined;
    });
  });

  it("expires the connection when the refresh is refused, and every call says to reconnect", async () => {
    const row = await database.db.upstreamConnection.findFirstOrThrow({
      where: { serverId: shared.serverId },
    });
    const user = upstream.seen.at(-1) ?? "";
    upstream.revokeUser(user);
    await database.db.upstreamConnection.update({ where: { id: row.id }, data: { expiresAt: new Date(0) } });
    const expected = `Upstream authorization expired: reconnect notes in Gatehouse (http://localhost:3000/${shared.account}/servers/notes)`;
    const refused = await waitFor(async () => {
      const result = await whoami(shared.account, "notes", shared.key).catch(() => undefined);
      return result?.isError && textOf(result) === expected ? result : undefined;
    });
    expect(refused.isError).toBe(true);
    const expired = await database.db.upstreamConnection.findFirstOrThrow({
      where: { id: row.id },
      omit: { accessTokenEnc: false },
    });
    expect(expired.status).toBe("expired");
    expect(expired.accessTokenEnc).toBeNull();
  });

  it("keeps per-agent identities apart, and tells an agent without its connection (or elicits the URL)", async () => {
    const second = await seedAgent(database.db, {
      organizationId: perAgent.orgId,
      serverIds: [perAgent.serverId],
      name: "second",
    });
    const third = await seedAgent(database.db, {
      organizationId: perAgent.orgId,
      serverIds: [perAgent.serverId],
      name: "third",
    });
    await connectAt(database.db, perAgentClient, {
      orgId: perAgent.orgId,
      serverId: perAgent.serverId,
      agentId: perAgent.agentId,
    });
    await connectAt(database.db, perAgentClient, {
      orgId: perAgent.orgId,
      serverId: perAgent.serverId,
      agentId: second.agent.id,
    });
    const [first, other] = await waitFor(async () => {
      const results = await Promise.all([
        whoami(perAgent.account, "mine", perAgent.key).catch(() => undefined),
        whoami(perAgent.account, "mine", second.key).catch(() => undefined),
      ]);
      return results.every((result) => result && !result.isError) ? results : undefined;
    });
    expect(textOf(first)).toMatch(/^user-\d+$/);
    expect(textOf(other)).toMatch(/^user-\d+$/);
    expect(textOf(first)).not.toBe(textOf(other));

    const page = `http://localhost:3000/${perAgent.account}/agents/${third.agent.id}`;
    const none = await whoami(perAgent.account, "mine", third.key);
    expect(none.isError).toBe(true);
    expect(textOf(none)).toBe(
      `Upstream authorization required: connect mine for this agent in Gatehouse (${page})`,
    );
    const elicited = await whoami(perAgent.account, "mine", third.key, { elicitation: { url: {} } }).catch(
      (error: unknown) => error,
    );
    expect(elicited).toBeInstanceOf(McpError);
    expect((elicited as McpError).code).toBe(-32042);
    expect((elicited as McpError).data).toMatchObject({ elicitations: [{ mode: "url", url: page }] });

    const events = await waitFor(async () => {
      const rows = await database.db.auditEvent.findMany({
        where: { organizationId: perAgent.orgId, tool: "whoami" },
        orderBy: { createdAt: "asc" },
      });
      return rows.length >= 3 ? rows : undefined;
    });
    expect(new Set(events.map((event) => event.upstreamConnection))).toEqual(new Set(["agent"]));
    const unconnected = events.find((event) => event.agentId === third.agent.id);
    expect(unconnected).toMatchObject({
      decision: "upstream_error",
      reason: expect.stringContaining("connect mine"),
    });
  });

  it("never logs a token or a code", () => {
    const logged = logLines.join("\n");
    expect(logLines.length).toBeGreaterThan(0);
    expect(upstream.issued.length).toBeGreaterThan(5);
    for (const secret of upstream.issued) expect(logged).not.toContain(secret);
  });
});
