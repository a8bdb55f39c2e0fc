// An access token minted right after a consent names a grant the gateway's cached account does not hold yet (the
// change feed has not brought it: here, a feed polled once a minute). Its first request is still served, as a new
// key's is, because a well-signed token's unknown grant is looked up once; a revoked grant's token stays refused.
// On the embedded database (no NOTIFY) only that lookup can serve the first request.
import { accessTokenKey, oauthResourceUrl, signAccessToken } from "@gatehouse/db/oauth-tokens";
import { seedOAuthGrant, seedUser } from "@gatehouse/db/seed";
import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { INITIALIZE_REQUEST, SECRET_KEY } from "./helpers/gateway.js";

const PUBLIC = "http://127.0.0.1:1";
const ISSUER = "http://127.0.0.1:2";

describe("an access token of a grant made a moment ago", () => {
  const fx = withFixtureGateway(
    { version: "1", default: "allow" },
    { gateway: { publicUrl: PUBLIC, webPublicUrl: ISSUER, configPollMs: 60_000 } },
  );

  const initialize = (path: string, bearer: string) =>
    fetch(`${fx.gw.base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${bearer}`,
      },
      body: JSON.stringify(INITIALIZE_REQUEST),
    });

  async function freshToken() {
    const user = await seedUser(fx.database.db);
    const { grant, agent } = await seedOAuthGrant(fx.database.db, {
      organizationId: fx.orgId,
      serverId: fx.serverId,
      userId: user.id,
      resource: oauthResourceUrl(PUBLIC, fx.account, fx.server),
    });
    const token = await signAccessToken(accessTokenKey(SECRET_KEY), {
      issuer: ISSUER,
      audience: oauthResourceUrl(PUBLIC, fx.account, fx.server),
      userId: user.id,
      clientId: "test-client",
      grantId: grant.id,
      agentId: agent.id,
      organizationId: fx.orgId,
    });
    return { grant, token };
  }

  it("is accepted on its first request while the account is cached", async () => {
    // The account is loaded (and cached) by a key's request before the grant exists.
    expect((await initialize(`/${fx.account}/${fx.server}/mcp`, fx.key)).status).toBe(200);
    const { token } = await freshToken();
    const first = await initialize(`/${fx.account}/${fx.server}/oauth/mcp`, token);
    expect(first.status).toBe(200);
    expect(first.headers.get("mcp-session-id")).toBeTruthy();
  });

  it("still refuses the token of a grant revoked before the replica heard of it", async () => {
    const { grant, token } = await freshToken();
    await fx.database.db.oAuthGrant.update({ where: { id: grant.id }, data: { revokedAt: new Date() } });
    // On real Postgres the grant's creation and its revocation each reach the gateway by NOTIFY: past the second
    // that a revocation may take, neither the snapshot nor the lookup (the embedded database's case) accepts it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const refused = await initialize(`/${fx.account}/${fx.server}/oauth/mcp`, token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });
});
