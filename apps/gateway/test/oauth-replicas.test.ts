// Two gateway processes on the real Redis (DESIGN §10): an access token issued once works on both without either
// asking the database for it, and revoking its grant reaches both within a second.
import { accessTokenKey, oauthResourceUrl, signAccessToken } from "@gatehouse/db/oauth-tokens";
import { seedOAuthGrant, seedUser } from "@gatehouse/db/seed";
import type { GatewayProcess } from "@gatehouse/test-fixtures/spawn-gateway.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { INITIALIZE_REQUEST, SECRET_KEY } from "./helpers/gateway.js";
import { REDIS_URL, spawnReplicas } from "./helpers/replicas.js";

const PUBLIC = "http://gateway.test";
const ISSUER = "http://dashboard.test";

describe.skipIf(!REDIS_URL)("OAuth tokens across two gateway processes", () => {
  let fx: FixtureAccount;
  let replicas: GatewayProcess[] = [];
  let token: string;
  let grantId: string;

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow" });
    const user = await seedUser(fx.database.db);
    const resource = oauthResourceUrl(PUBLIC, fx.account, fx.server);
    const seeded = await seedOAuthGrant(fx.database.db, {
      organizationId: fx.orgId,
      serverId: fx.serverId,
      userId: user.id,
      resource,
    });
    grantId = seeded.grant.id;
    token = await signAccessToken(accessTokenKey(SECRET_KEY), {
      issuer: ISSUER,
      audience: resource,
      userId: user.id,
      clientId: seeded.client.clientId,
      grantId,
      agentId: seeded.agent.id,
      organizationId: fx.orgId,
    });
    replicas = await spawnReplicas(fx.database.url, 2, {
      GATEWAY_PUBLIC_URL: PUBLIC,
      WEB_PUBLIC_URL: ISSUER,
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await fx?.close();
  });

  const status = async (replica: GatewayProcess) =>
    (
      await fetch(`${replica.base}/${fx.account}/${fx.server}/oauth/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify(INITIALIZE_REQUEST),
      })
    ).status;

  it("accepts the token on both replicas, and refuses it on both within a second of its revocation", async () => {
    expect(await Promise.all(replicas.map(status))).toEqual([200, 200]);
    await fx.database.db.oAuthGrant.update({ where: { id: grantId }, data: { revokedAt: new Date() } });
    const started = Date.now();
    const refusedAfter = await Promise.all(
      replicas.map(async (replica) => {
        while ((await status(replica)) !== 401) {
          if (Date.now() - started > 5000) return Number.POSITIVE_INFINITY;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        return Date.now() - started;
      }),
    );
    for (const ms of refusedAfter) expect(ms).toBeLessThan(1000);
  });
});
