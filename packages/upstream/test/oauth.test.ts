// OAuth towards an upstream, against our fixture authorization server on loopback: discovery (RFC 9728 → RFC 8414,
// the OpenID fallback), registration (metadata document, DCR, manual), the code flow with PKCE, refresh with
// rotation (once however many callers race), and each bad answer's message.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunningOAuthUpstream, startOAuthUpstream } from "@gatehouse/test-fixtures/oauth-upstream.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  beginUpstreamAuthorization,
  type ConnectionTokenStore,
  checkAuthorizationIssuer,
  connectionAuthorization,
  connectMcpClient,
  createOAuthFetch,
  currentAccessToken,
  discoverUpstreamOAuth,
  exchangeUpstreamCode,
  probeUpstreamAuth,
  registerUpstreamClient,
  type StoredConnection,
  type UpstreamOAuthClientConfig,
} from "../src/index.js";

const REDIRECT = "http://localhost:3000/oauth/callback";
const METADATA_URL = "http://localhost:3000/oauth/client-metadata.json";
const open = { allowPrivate: true };

async function signIn(upstream: RunningOAuthUpstream) {
  const discovery = await discoverUpstreamOAuth(upstream.url, open);
  const registered = await registerUpstreamClient(discovery, {
    ...open,
    clientMetadataUrl: METADATA_URL,
    redirectUri: REDIRECT,
  });
  const client: UpstreamOAuthClientConfig & { registration: string } = { ...discovery, ...registered };
  const { authorizationUrl, codeVerifier } = await beginUpstreamAuthorization(client, {
    redirectUri: REDIRECT,
    state: "s1",
  });
  const answer = await fetch(authorizationUrl, { redirect: "manual" });
  const back = new URL(answer.headers.get("location") ?? "");
  checkAuthorizationIssuer(client, back.searchParams.get("iss"));
  const tokens = await exchangeUpstreamCode(client, {
    code: back.searchParams.get("code") ?? "",
    codeVerifier,
    redirectUri: REDIRECT,
    ...open,
  });
  return { client, tokens, authorizationUrl: new URL(authorizationUrl) };
}

/** A connection kept in memory, with the lease semantics of the database stores. */
function memoryStore(
  initial: StoredConnection,
): ConnectionTokenStore & { row: StoredConnection; lease?: number } {
  const store = {
    row: { ...initial },
    leaseUntil: 0,
    async read() {
      return { ...store.row };
    },
    async lease(version: number, until: Date) {
      if (store.row.tokenVersion !== version || store.leaseUntil > Date.now()) return false;
      store.leaseUntil = until.getTime();
      return true;
    },
    async saveRefreshed(
      version: number,
      tokens: { accessToken: string; refreshToken?: string; expiresAt?: Date },
    ) {
      store.row = {
        ...store.row,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        tokenVersion: version + 1,
      };
      store.leaseUntil = 0;
    },
    async markExpired() {
      store.row = {
        ...store.row,
        status: "expired" as const,
        accessToken: undefined,
        refreshToken: undefined,
      };
      store.leaseUntil = 0;
    },
    async release() {
      store.leaseUntil = 0;
    },
  };
  return store as never;
}

describe("upstream OAuth", () => {
  let upstream: RunningOAuthUpstream;

  beforeAll(async () => {
    upstream = await startOAuthUpstream({ accessTtl: 3600, refreshDelayMs: 200 });
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it("sees the 401 challenge and discovers the authorization server", async () => {
    const probe = await probeUpstreamAuth(upstream.url, open);
    expect(probe.oauth).toBe(true);
    expect(probe.resourceMetadataUrl).toBe(`${upstream.origin}/.well-known/oauth-protected-resource/mcp`);
    const discovery = await discoverUpstreamOAuth(upstream.url, {
      ...open,
      resourceMetadataUrl: probe.resourceMetadataUrl,
    });
    expect(discovery.issuer).toBe(upstream.origin);
    expect(discovery.resource).toBe(upstream.url);
    expect(discovery.scope).toBe("mcp:tools");
    expect(discovery.metadata.token_endpoint).toBe(`${upstream.origin}/token`);
  });

  it("signs in with PKCE S256, resource and state, then calls the server with the token", async () => {
    const { client, tokens, authorizationUrl } = await signIn(upstream);
    expect(client.registration).toBe("dynamic");
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl.searchParams.get("resource")).toBe(upstream.url);
    expect(authorizationUrl.searchParams.get("state")).toBe("s1");
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt?.getTime()).toBeGreaterThan(Date.now());
    const store = memoryStore({
      status: "connected",
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scopes: tokens.scopes,
      tokenVersion: 0,
    });
    const mcp = await connectMcpClient(
      {
        transport: "streamable_http",
        url: upstream.url,
        authorization: connectionAuthorization(store, client, open),
      },
      { ...open, allowStdio: false },
    );
    const answer = await mcp.callTool({ name: "whoami", arguments: {} });
    expect((answer.content as { text: string }[])[0]?.text).toMatch(/^user-\d+$/);
    await mcp.close();
  });

  it("refreshes once when many callers race, stores the rotated refresh token, and retries after a 401", async () => {
    const { client, tokens } = await signIn(upstream);
    const store = memoryStore({
      status: "connected",
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: new Date(Date.now() + 1000), // inside the refresh margin
      scopes: tokens.scopes,
      tokenVersion: 0,
    });
    const before = upstream.refreshes();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => currentAccessToken(store, client, open)),
    );
    expect(upstream.refreshes() - before).toBe(1);
    expect(new Set(results.map((result) => result.accessToken)).size).toBe(1);
    expect(store.row.refreshToken).not.toBe(tokens.refreshToken);
    expect(store.row.tokenVersion).toBe(1);
    // The upstream refuses the token (it expired early): the transport refreshes and retries the request once.
    upstream.expireAccessTokens();
    const mcp = await connectMcpClient(
      {
        transport: "streamable_http",
        url: upstream.url,
        authorization: connectionAuthorization(store, client, open),
      },
      { ...open, allowStdio: false },
    );
    expect(upstream.refreshes() - before).toBe(2);
    await mcp.close();
  });

  it("expires the connection when the refresh is refused, and keeps it when the server only fails", async () => {
    const { client, tokens } = await signIn(upstream);
    const stale = new Date(Date.now() - 1000);
    const base = {
      status: "connected" as const,
      accessToken: tokens.accessToken,
      scopes: [],
      tokenVersion: 0,
    };
    upstream.failNext.token = "temporarily_unavailable";
    const flaky = memoryStore({ ...base, refreshToken: tokens.refreshToken, expiresAt: stale });
    await expect(currentAccessToken(flaky, client, open)).rejects.toMatchObject({ code: "connect_failed" });
    expect(flaky.row.status).toBe("connected");
    upstream.failNext.token = "invalid_grant";
    await expect(currentAccessToken(flaky, client, open)).rejects.toMatchObject({
      code: "authorization_expired",
      message: expect.stringContaining("invalid_grant"),
    });
    expect(flaky.row.status).toBe("expired");
    expect(flaky.row.accessToken).toBeUndefined();
  });

  it("keeps the refresh token when the server rotates it only once, and expires when it is then reused", async () => {
    const once = await startOAuthUpstream({ refreshTokenOnce: true });
    try {
      const { client, tokens } = await signIn(once);
      const store = memoryStore({
        status: "connected",
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: new Date(0),
        scopes: [],
        tokenVersion: 0,
      });
      await currentAccessToken(store, client, open);
      expect(store.row.refreshToken).toBe(tokens.refreshToken); // none came back: the old one is kept
      store.row.expiresAt = new Date(0);
      await expect(currentAccessToken(store, client, open)).rejects.toMatchObject({
        code: "authorization_expired",
      });
    } finally {
      await once.close();
    }
  });

  it("accepts a token without expires_in as one that lasts until the upstream refuses it", async () => {
    const noExpiry = await startOAuthUpstream({ omitExpiresIn: true });
    try {
      const { tokens } = await signIn(noExpiry);
      expect(tokens.expiresAt).toBeUndefined();
    } finally {
      await noExpiry.close();
    }
  });

  it("falls back to OpenID discovery, and prefers a client ID metadata document on https", async () => {
    const oidc = await startOAuthUpstream({ openIdOnly: true, clientIdMetadataDocuments: true });
    try {
      const discovery = await discoverUpstreamOAuth(oidc.url, open);
      expect(discovery.issuer).toBe(oidc.origin);
      const https = await registerUpstreamClient(discovery, {
        ...open,
        clientMetadataUrl: "https://gatehouse.example/oauth/client-metadata.json",
        redirectUri: "https://gatehouse.example/oauth/callback",
      });
      expect(https).toEqual({
        registration: "metadata_document",
        clientId: "https://gatehouse.example/oauth/client-metadata.json",
      });
      const http = await registerUpstreamClient(discovery, {
        ...open,
        clientMetadataUrl: METADATA_URL,
        redirectUri: REDIRECT,
      });
      expect(http.registration).toBe("dynamic"); // a client id URL must be https
    } finally {
      await oidc.close();
    }
  });

  it("asks for a client id when the server offers no way to register", async () => {
    const closed = await startOAuthUpstream({ noRegistration: true });
    try {
      const discovery = await discoverUpstreamOAuth(closed.url, open);
      await expect(
        registerUpstreamClient(discovery, {
          ...open,
          clientMetadataUrl: METADATA_URL,
          redirectUri: REDIRECT,
        }),
      ).rejects.toThrow(/enter the client ID/);
      const manual = await registerUpstreamClient(discovery, {
        ...open,
        clientMetadataUrl: METADATA_URL,
        redirectUri: REDIRECT,
        manual: { clientId: "given", clientSecret: "s3cret" },
      });
      expect(manual).toEqual({ registration: "manual", clientId: "given", clientSecret: "s3cret" });
    } finally {
      await closed.close();
    }
  });

  it("refuses an authorization response from another issuer, and names an authorization error", async () => {
    const { client } = await signIn(upstream);
    expect(() => checkAuthorizationIssuer(client, "https://evil.example")).toThrow(/not from/);
    expect(() => checkAuthorizationIssuer(client, null)).toThrow(/missing its iss/);
    upstream.failNext.token = "invalid_grant";
    await expect(
      exchangeUpstreamCode(client, { code: "x", codeVerifier: "y", redirectUri: REDIRECT, ...open }),
    ).rejects.toThrow(/refused the sign-in: invalid_grant/);
  });

  it("explains missing, malformed and private metadata", async () => {
    const bad = createServer((req, res) => {
      if (req.url?.startsWith("/.well-known/oauth-protected-resource/missing"))
        return void res.writeHead(404).end();
      if (req.url?.startsWith("/.well-known/oauth-protected-resource/malformed")) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ resource: 42 }));
      }
      if (req.url?.startsWith("/.well-known/oauth-protected-resource/private")) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(
          JSON.stringify({
            resource: `http://localhost:${port}/private`,
            authorization_servers: ["http://10.0.0.7"],
          }),
        );
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => bad.listen(0, "127.0.0.1", resolve));
    const port = (bad.address() as AddressInfo).port;
    try {
      await expect(discoverUpstreamOAuth(`http://localhost:${port}/missing`, open)).rejects.toThrow(
        /does not implement OAuth 2.0 Protected Resource Metadata/,
      );
      await expect(discoverUpstreamOAuth(`http://localhost:${port}/malformed`, open)).rejects.toThrow(
        /not valid metadata/,
      );
      // In production every OAuth request passes the SSRF guard: a private resource is refused, and so is a
      // private authorization server that a resource's metadata points at.
      await expect(
        discoverUpstreamOAuth(`http://localhost:${port}/private`, { allowPrivate: false }),
      ).rejects.toMatchObject({ code: "private_address" });
      await expect(
        createOAuthFetch({ allowPrivate: false })("http://10.0.0.7/.well-known/oauth-authorization-server"),
      ).rejects.toMatchObject({ code: "private_address", message: expect.stringContaining("10.0.0.7") });
    } finally {
      await new Promise<void>((resolve) => bad.close(() => resolve()));
    }
  });
});
