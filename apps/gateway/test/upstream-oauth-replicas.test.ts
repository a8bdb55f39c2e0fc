// Two real gateway processes (sharing the real Redis, as in production) race to refresh one upstream OAuth
// connection: the authorization server sees exactly one refresh, both calls succeed with the new token, and the
// rotated refresh token is what the database holds. The refresh lease is a conditional UPDATE of the connection row.
import { type RunningOAuthUpstream, startOAuthUpstream } from "@gatehouse/test-fixtures/oauth-upstream.js";
import type { GatewayProcess } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, mcpUrl, testDatabase, textOf } from "./helpers/gateway.js";
import { connectAt, makeOAuthServer } from "./helpers/oauth-connection.js";
import { REDIS_URL, spawnReplicas } from "./helpers/replicas.js";
import { seedServerAccount } from "./helpers/server-account.js";

describe.skipIf(!REDIS_URL)("two gateway replicas refreshing one upstream OAuth connection", () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let upstream: RunningOAuthUpstream;
  let seeded: Awaited<ReturnType<typeof seedServerAccount>>;
  let connectionId: string;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    // Each refresh takes 500 ms, so the two replicas' refreshes would overlap if both made one.
    [database, upstream] = await Promise.all([testDatabase(), startOAuthUpstream({ refreshDelayMs: 500 })]);
    seeded = await seedServerAccount(database.db, {
      slug: "notes",
      url: upstream.url,
      policy: { version: "1", default: "allow" },
    });
    const client = await makeOAuthServer(database.db, {
      orgId: seeded.orgId,
      serverId: seeded.serverId,
      url: upstream.url,
      mode: "shared",
    });
    connectionId = await connectAt(database.db, client, { orgId: seeded.orgId, serverId: seeded.serverId });
    [a, b] = (await spawnReplicas(database.url, 2)) as [GatewayProcess, GatewayProcess];
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await upstream?.close();
    await database?.close();
  });

  it("refreshes once, however many replicas need the new token at the same moment", async () => {
    const before = await database.db.upstreamConnection.findUniqueOrThrow({ where: { id: connectionId } });
    // The token is about to expire: each replica's first request (the sessions' initialize) refreshes it first.
    await database.db.upstreamConnection.update({
      where: { id: connectionId },
      data: { expiresAt: new Date(Date.now() + 2000) },
    });
    const refreshes = upstream.refreshes();
    const clients = await Promise.all(
      [a, b, a, b].map((gateway) => connectClient(mcpUrl(gateway.base, seeded.account, "notes"), seeded.key)),
    );
    const answers = await Promise.all(
      clients.map((client) => client.callTool({ name: "whoami", arguments: {} })),
    );
    for (const answer of answers) {
      expect(answer.isError).toBeFalsy();
      expect(textOf(answer)).toBe("user-1");
    }
    expect(upstream.refreshes() - refreshes).toBe(1);
    const after = await database.db.upstreamConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    expect(after.refreshLeaseUntil).toBeNull();
    expect(after.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    await Promise.all(clients.map((client) => client.close()));
  }, 60_000);
});
