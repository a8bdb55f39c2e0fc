// The OAuth URL `/{account}/{server}/oauth/mcp` as a protected resource (DESIGN §10): metadata at the path-aware
// well-known URL, the resource_metadata challenge (revealing nothing), agent keys, access tokens bound to one
// resource and refused once expired, forged or revoked; the key URL unchanged; the origin's discovery fallbacks.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { accessTokenKey, oauthResourceUrl, signAccessToken } from "@gatehouse/db/oauth-tokens";
import { seedOAuthGrant, seedPolicy, seedServer, seedUser } from "@gatehouse/db/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { INITIALIZE_REQUEST, type RunningGateway, SECRET_KEY, startGateway } from "./helpers/gateway.js";

const PUBLIC = "http://127.0.0.1:1";

async function post(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(INITIALIZE_REQUEST),
  });
  return {
    status: response.status,
    www: response.headers.get("www-authenticate"),
    body: await response.text(),
  };
}

describe("the OAuth URL as a protected resource", () => {
  let fx: FixtureAccount;
  let gw: RunningGateway;
  let web: Server;
  let webUrl: string;
  let grantId: string;
  let agentId: string;
  let userId: string;
  let otherServerId: string;
  const key = accessTokenKey(SECRET_KEY);
  const forwarded: { path: string; body: string }[] = [];

  const oauthUrl = (account: string, server: string) => `${gw.base}/${account}/${server}/oauth/mcp`;
  const token = (
    audience: string,
    overrides: { grantId?: string; ttl?: number; signKey?: Uint8Array } = {},
  ) =>
    signAccessToken(
      overrides.signKey ?? key,
      {
        issuer: webUrl,
        audience,
        userId,
        clientId: "test-client",
        grantId: overrides.grantId ?? grantId,
        agentId,
        organizationId: fx.orgId,
      },
      overrides.ttl,
    );

  beforeAll(async () => {
    // A stand-in for the dashboard's authorization server endpoints that the gateway's origin forwards to.
    web = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        forwarded.push({ path: req.url ?? "", body });
        res.writeHead(req.url === "/oauth/token" ? 400 : 200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            req.url?.startsWith("/.well-known/") ? { issuer: webUrl } : { error: "invalid_grant" },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    fx = await seedSigned();
    gw = await startGateway(fx.database.url, { publicUrl: PUBLIC, webPublicUrl: webUrl });
  }, 60_000);

  async function seedSigned() {
    const account = await seedFixtureAccount({ version: "1", default: "allow" });
    const db = account.database.db;
    const user = await seedUser(db);
    userId = user.id;
    const seeded = await seedOAuthGrant(db, {
      organizationId: account.orgId,
      serverId: account.serverId,
      userId: user.id,
      resource: oauthResourceUrl(PUBLIC, account.account, account.server),
    });
    grantId = seeded.grant.id;
    agentId = seeded.agent.id;
    const other = await seedServer(db, {
      organizationId: account.orgId,
      slug: "other",
      url: account.upstream.url,
    });
    await seedPolicy(db, { serverId: other.id, document: { version: "1", default: "allow" } });
    otherServerId = other.id;
    return account;
  }

  afterAll(async () => {
    await gw?.stop();
    await fx?.close();
    await new Promise((resolve) => web?.close(resolve));
  });

  it("serves protected resource metadata at the path-aware well-known URL, for any slugs", async () => {
    const known = await fetch(`${gw.base}/.well-known/oauth-protected-resource/${fx.account}/fx/oauth/mcp`);
    expect(known.status).toBe(200);
    expect(await known.json()).toEqual({
      resource: `${PUBLIC}/${fx.account}/fx/oauth/mcp`,
      authorization_servers: [webUrl],
      scopes_supported: ["mcp"],
      bearer_methods_supported: ["header"],
      resource_name: `Gatehouse: ${fx.account}/fx`,
    });
    const unknown = await fetch(`${gw.base}/.well-known/oauth-protected-resource/nobody/nothing/oauth/mcp`);
    expect(unknown.status).toBe(200);
    expect(((await unknown.json()) as { resource: string }).resource).toBe(
      `${PUBLIC}/nobody/nothing/oauth/mcp`,
    );
  });

  it("answers 401 with an absolute resource_metadata, the same whether the account exists or not", async () => {
    const known = await post(oauthUrl(fx.account, "fx"));
    const unknownServer = await post(oauthUrl(fx.account, "nope"));
    const unknownAccount = await post(oauthUrl("no-such-account", "fx"));
    expect(known.status).toBe(401);
    expect(known.www).toBe(
      `Bearer resource_metadata="${PUBLIC}/.well-known/oauth-protected-resource/${fx.account}/fx/oauth/mcp", scope="mcp"`,
    );
    expect(unknownServer.status).toBe(401);
    expect(unknownServer.body).toBe(known.body);
    expect(unknownServer.www).toBe(known.www?.replace("/fx/oauth", "/nope/oauth"));
    expect(unknownAccount.www).toBe(known.www?.replace(fx.account, "no-such-account"));
  });

  it("leaves the key URL as it was: no OAuth advertised, access tokens not accepted", async () => {
    const bare = await post(`${gw.base}/${fx.account}/fx/mcp`);
    expect(bare.www).toBe('Bearer realm="gatehouse"');
    const withToken = await post(`${gw.base}/${fx.account}/fx/mcp`, {
      authorization: `Bearer ${await token(oauthResourceUrl(PUBLIC, fx.account, "fx"))}`,
    });
    expect(withToken.status).toBe(401);
    expect(withToken.www).toBe('Bearer realm="gatehouse"');
  });

  it("accepts agent keys on the OAuth URL too", async () => {
    const answer = await post(oauthUrl(fx.account, "fx"), { authorization: `Bearer ${fx.key}` });
    expect(answer.status).toBe(200);
  });

  it("accepts an access token for this resource", async () => {
    const answer = await post(oauthUrl(fx.account, "fx"), {
      authorization: `Bearer ${await token(oauthResourceUrl(PUBLIC, fx.account, "fx"))}`,
    });
    expect(answer.status).toBe(200);
  });

  it("refuses a token for another resource, an expired, forged or unknown-grant token with invalid_token", async () => {
    // The agent is scoped to "other" too, so only the audience refuses it there.
    await fx.database.db.agentServer.create({ data: { agentId, serverId: otherServerId } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const cases = [
      { url: oauthUrl(fx.account, "other"), token: await token(oauthResourceUrl(PUBLIC, fx.account, "fx")) },
      {
        url: oauthUrl(fx.account, "fx"),
        token: await token(oauthResourceUrl(PUBLIC, fx.account, "fx"), { ttl: -10 }),
      },
      {
        url: oauthUrl(fx.account, "fx"),
        token: await token(oauthResourceUrl(PUBLIC, fx.account, "fx"), { signKey: new Uint8Array(32) }),
      },
      {
        url: oauthUrl(fx.account, "fx"),
        token: await token(oauthResourceUrl(PUBLIC, fx.account, "fx"), { grantId: crypto.randomUUID() }),
      },
    ];
    for (const { url, token: value } of cases) {
      const answer = await post(url, { authorization: `Bearer ${value}` });
      expect(answer.status).toBe(401);
      expect(answer.www).toContain('error="invalid_token"');
      expect(answer.www).toContain("resource_metadata=");
    }
  });

  it("refuses a revoked grant's token within a second", async () => {
    const audience = oauthResourceUrl(PUBLIC, fx.account, "fx");
    const value = await token(audience);
    expect((await post(oauthUrl(fx.account, "fx"), { authorization: `Bearer ${value}` })).status).toBe(200);
    await fx.database.db.oAuthGrant.update({ where: { id: grantId }, data: { revokedAt: new Date() } });
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 3000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await post(oauthUrl(fx.account, "fx"), { authorization: `Bearer ${value}` })).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("answers the discovery fallbacks on its own origin", async () => {
    for (const path of [
      "/.well-known/oauth-authorization-server",
      "/.well-known/openid-configuration",
      `/.well-known/oauth-authorization-server/${fx.account}/fx/oauth/mcp`,
      `/${fx.account}/fx/oauth/mcp/.well-known/openid-configuration`,
    ]) {
      const answer = await fetch(`${gw.base}${path}`);
      expect(answer.status, path).toBe(200);
      expect(await answer.json()).toEqual({ issuer: webUrl });
    }
    const authorize = await fetch(`${gw.base}/authorize?client_id=x&state=s`, { redirect: "manual" });
    expect(authorize.status).toBe(302);
    expect(authorize.headers.get("location")).toBe(`${webUrl}/oauth/authorize?client_id=x&state=s`);
    const tokenAnswer = await fetch(`${gw.base}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&code=abc",
    });
    expect(tokenAnswer.status).toBe(400);
    expect(await tokenAnswer.json()).toEqual({ error: "invalid_grant" });
    expect(forwarded.at(-1)).toEqual({
      path: "/oauth/token",
      body: "grant_type=authorization_code&code=abc",
    });
  });

  it("forwards to GATEWAY_WEB_URL when set, and still sends browsers to WEB_PUBLIC_URL", async () => {
    const inner = await startGateway(fx.database.url, {
      publicUrl: PUBLIC,
      webPublicUrl: "http://dashboard.public.test",
      webInternalUrl: webUrl,
    });
    try {
      const answer = await fetch(`${inner.base}/register`, { method: "POST", body: "{}" });
      expect(answer.status).toBe(200);
      expect(forwarded.at(-1)?.path).toBe("/oauth/register");
      const authorize = await fetch(`${inner.base}/authorize?x=1`, { redirect: "manual" });
      expect(authorize.headers.get("location")).toBe("http://dashboard.public.test/oauth/authorize?x=1");
    } finally {
      await inner.stop();
    }
  });
});
