// Two gateway processes on the embedded database, where NOTIFY does not cross connections (DESIGN §9), sharing the
// real Redis, with both polls a minute apart: the dashboard's Redis wake-up (published as its withAccount and
// withApiAccount do, after a change) is what makes a policy publish enforced on both, and an approval decision
// release the held call on whichever replica holds it, within a second.
import { gatewayWakeupChannel } from "@gatehouse/db/gateway-wakeup";
import { seedPolicy } from "@gatehouse/db/seed";
import type { GatewayProcess } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { connectClient, mcpUrl, textOf, waitFor } from "./helpers/gateway.js";
import { REDIS_URL, replicaKeyPrefix, spawnReplicas } from "./helpers/replicas.js";

const POLICY = {
  version: "1",
  default: "allow",
  tools: { slow: { action: "require_approval", approval: { timeout: 120, hold: 30 } } },
};
/** Far longer than the test waits: what happens within a second was not a poll. */
const POLL = { GATEWAY_CONFIG_POLL_MS: "60000", GATEWAY_APPROVAL_POLL_MS: "60000" };
const WAKE_BOUND_MS = 1000;

describe.skipIf(!REDIS_URL)(
  "the dashboard's Redis wake-up, without NOTIFY and with the polls a minute apart",
  () => {
    let fx: FixtureAccount;
    let replicas: GatewayProcess[] = [];
    let publisher: Redis;
    let channel: string;

    beforeAll(async () => {
      fx = await seedFixtureAccount(POLICY, { embeddedDatabase: true });
      const keyPrefix = replicaKeyPrefix();
      channel = gatewayWakeupChannel(keyPrefix);
      publisher = new Redis(REDIS_URL ?? "");
      replicas = await spawnReplicas(fx.database.url, 2, POLL, keyPrefix);
    }, 90_000);

    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await publisher?.quit();
      await fx?.close();
    });

    const connect = (replica: GatewayProcess) =>
      connectClient(mcpUrl(replica.base, fx.account, fx.server), fx.key);

    it("enforces a published policy on both replicas at once", async () => {
      const clients = await Promise.all(replicas.map(connect));
      const echoDenied = async () =>
        Promise.all(
          clients.map(
            async (client) =>
              (await client.callTool({ name: "echo", arguments: { message: "x" } })).isError === true,
          ),
        );
      expect(await echoDenied()).toEqual([false, false]);
      await seedPolicy(fx.database.db, {
        serverId: fx.serverId,
        document: { ...POLICY, tools: { ...POLICY.tools, echo: { action: "deny" } } },
      });
      // Without the wake-up neither replica notices before its poll, a minute away.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await echoDenied()).toEqual([false, false]);
      const published = performance.now();
      await publisher.publish(channel, "");
      await waitFor(async () => ((await echoDenied()).every(Boolean) ? true : undefined), WAKE_BOUND_MS * 5);
      expect(performance.now() - published).toBeLessThan(WAKE_BOUND_MS);
      await Promise.all(clients.map((client) => client.close()));
      await seedPolicy(fx.database.db, { serverId: fx.serverId, document: POLICY });
      await publisher.publish(channel, "");
    });

    it("releases a held call on whichever replica holds it", async () => {
      for (const replica of replicas) {
        const client = await connect(replica);
        const call = client.callTool({ name: "slow", arguments: { ms: 1 } });
        const row = await waitFor(
          async () =>
            (await fx.database.db.approvalRequest.findFirst({
              where: { organizationId: fx.orgId, status: "pending" },
            })) ?? undefined,
        );
        const decided = performance.now();
        // What the dashboard's decideApproval writes; then its withAccount publishes the wake-up.
        await fx.database.db.approvalRequest.updateMany({
          where: { id: row.id, status: "pending" },
          data: { status: "approved", decidedAt: new Date(), usableUntil: new Date(Date.now() + 120_000) },
        });
        await publisher.publish(channel, "");
        expect(textOf(await call)).toBe("done");
        expect(performance.now() - decided).toBeLessThan(WAKE_BOUND_MS);
        await client.close();
      }
    });
  },
);
