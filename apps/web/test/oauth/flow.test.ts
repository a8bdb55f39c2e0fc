// Gatehouse's authorization server end to end over HTTP with the MCP SDK's own OAuth client (`auth()`): discovery,
// dynamic registration, consent, code exchange with PKCE, tokens bound to the resource, refresh rotation with reuse
// detection, code reuse, revocation (RFC 7009), and `iss` on every authorization response (RFC 9207).
import { accessTokenKey, verifyAccessToken } from "@gatehouse/db/oauth-tokens";
import { seedPolicy, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideConsent } from "@/server/oauth/decide-consent";
import { makeAccount, SECRET_KEY, type TTestAccount } from "../helpers";
import { consentRequestOf, MemoryClientProvider, startAuthServer, type TRunningAuthServer } from "./harness";

describe("the authorization server with the SDK's OAuth client", () => {
  let database: TestDatabase;
  let as: TRunningAuthServer;
  let a: TTestAccount;
  let resource: string;
  let user: { id: string; email: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    as = await startAuthServer(database.db);
    a = await makeAccount(database.db);
    const server = await seedServer(database.db, {
      organizationId: a.id,
      slug: "fx",
      url: "http://127.0.0.1:1/mcp",
    });
    await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    resource = `${as.gateway}/${a.slug}/fx/oauth/mcp`;
    user = { id: a.admin.actor.userId ?? "", email: a.admin.actor.label };
  });

  afterAll(async () => {
    await as?.close();
    await database?.close();
  });

  async function signIn(provider: MemoryClientProvider) {
    expect(await auth(provider, { serverUrl: resource })).toBe("REDIRECT");
    const authorizationUrl = provider.authorizationUrl;
    if (!authorizationUrl) throw new Error("no authorization URL");
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl.searchParams.get("resource")).toBe(resource);
    const requestId = await consentRequestOf(authorizationUrl);
    const back = new URL(await decideConsent(as.deps, user, requestId, { allow: true }));
    expect(back.searchParams.get("iss")).toBe(as.issuer);
    expect(back.searchParams.get("state")).toBe("state-123");
    const code = back.searchParams.get("code") ?? "";
    expect(await auth(provider, { serverUrl: resource, authorizationCode: code })).toBe("AUTHORIZED");
    return { code, requestId };
  }

  async function tokenRequest(body: Record<string, string>) {
    const answer = await fetch(`${as.issuer}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
    });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  }

  it("registers dynamically, consents, and issues a token bound to the resource", async () => {
    const provider = new MemoryClientProvider("http://127.0.0.1:9999/callback", undefined, "Claude");
    await signIn(provider);
    const tokens = provider.saved;
    expect(tokens?.token_type).toBe("Bearer");
    expect(tokens?.expires_in).toBe(3600);
    expect(tokens?.refresh_token).toMatch(/^gate_rt_/);
    const verified = await verifyAccessToken(accessTokenKey(SECRET_KEY), tokens?.access_token ?? "", {
      issuer: as.issuer,
      audience: resource,
    });
    expect(verified.ok).toBe(true);
    const agent = await database.db.agent.findFirstOrThrow({
      where: { organizationId: a.id, kind: "oauth" },
    });
    expect(agent.name).toBe(`Claude (${user.email})`);
    expect(await database.db.agentServer.count({ where: { agentId: agent.id } })).toBe(1);
    // Nothing secret at rest: the refresh token is only a hash.
    const stored = await database.db.oAuthRefreshToken.findMany({ omit: { tokenHash: false } });
    expect(stored.some((row) => row.tokenHash === tokens?.refresh_token)).toBe(false);
  });

  it("reuses the agent for the same user, client and server", async () => {
    const provider = new MemoryClientProvider("http://127.0.0.1:9998/callback", undefined, "Reuser");
    await signIn(provider);
    provider.saved = undefined;
    await signIn(provider);
    expect(await database.db.agent.count({ where: { name: `Reuser (${user.email})` } })).toBe(1);
    const agent = await database.db.agent.findFirstOrThrow({ where: { name: `Reuser (${user.email})` } });
    expect(await database.db.oAuthGrant.count({ where: { agentId: agent.id } })).toBe(2);
  });

  it("rotates refresh tokens; a replayed one revokes the grant", async () => {
    const provider = new MemoryClientProvider("http://127.0.0.1:9997/callback", undefined, "Rotator");
    await signIn(provider);
    const clientId = provider.info?.client_id ?? "";
    const first = provider.saved?.refresh_token ?? "";
    const rotated = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: first,
      client_id: clientId,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first);
    const replay = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: first,
      client_id: clientId,
    });
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const afterReplay = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: String(rotated.body.refresh_token),
      client_id: clientId,
    });
    expect(afterReplay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const grant = await database.db.oAuthGrant.findFirstOrThrow({
      where: { client: { clientId } },
      orderBy: { createdAt: "desc" },
    });
    expect(grant.revokedReason).toBe("refresh token reused");
  });

  it("refuses a reused code with invalid_grant and revokes what it issued", async () => {
    const provider = new MemoryClientProvider("http://127.0.0.1:9996/callback", undefined, "Replayer");
    const { code } = await signIn(provider);
    const again = await tokenRequest({
      grant_type: "authorization_code",
      code,
      code_verifier: provider.verifier,
      client_id: provider.info?.client_id ?? "",
      redirect_uri: provider.redirectUrl,
    });
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const grant = await database.db.oAuthGrant.findFirstOrThrow({
      where: { client: { clientId: provider.info?.client_id ?? "" } },
    });
    expect(grant.revokedReason).toBe("authorization code used twice");
  });

  it("revokes a grant through the revocation endpoint (RFC 7009), and answers 200 for unknown tokens", async () => {
    const provider = new MemoryClientProvider("http://127.0.0.1:9995/callback", undefined, "Revoker");
    await signIn(provider);
    const clientId = provider.info?.client_id ?? "";
    const revoke = (token: string) =>
      fetch(`${as.issuer}/oauth/revoke`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token, client_id: clientId }),
      });
    expect((await revoke("not-a-token")).status).toBe(200);
    expect((await revoke(provider.saved?.access_token ?? "")).status).toBe(200);
    const grant = await database.db.oAuthGrant.findFirstOrThrow({ where: { client: { clientId } } });
    expect(grant.revokedAt).not.toBeNull();
    const refresh = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: provider.saved?.refresh_token ?? "",
      client_id: clientId,
    });
    expect(refresh).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("serves RFC 8414 metadata naming S256 only, iss support and metadata documents", async () => {
    const answer = await fetch(`${as.issuer}/.well-known/oauth-authorization-server`);
    expect(await answer.json()).toMatchObject({
      issuer: as.issuer,
      authorization_endpoint: `${as.issuer}/oauth/authorize`,
      token_endpoint: `${as.issuer}/oauth/token`,
      registration_endpoint: `${as.issuer}/oauth/register`,
      revocation_endpoint: `${as.issuer}/oauth/revoke`,
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
  });
});
