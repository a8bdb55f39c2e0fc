// Every bad input to the authorization server is refused with the error its RFC names, and changes nothing:
// authorization requests (unknown client, unregistered redirect URI — never redirected to —, PKCE missing or plain,
// resource missing, foreign or outside the user's accounts), token requests (wrong verifier, expired code,
// another resource), registration (redirect URIs), and client ID metadata documents (too large, slow, not JSON,
// on a private address, naming another client_id, claiming a secret).

import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { seedPolicy, seedServer } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideConsent } from "@/server/oauth/decide-consent";
import { makeAccount, type TTestAccount } from "../helpers";
import { consentRequestOf, MemoryClientProvider, startAuthServer, type TRunningAuthServer } from "./harness";

const TLS = process.env.TEST_TLS_CERT && process.env.TEST_TLS_KEY;
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // S256 of RFC 7636's example verifier
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

describe("authorization server refusals", () => {
  let database: TestDatabase;
  let as: TRunningAuthServer;
  let guarded: TRunningAuthServer;
  let a: TTestAccount;
  let other: TTestAccount;
  let resource: string;
  let user: { id: string; email: string };
  let client: { client_id: string };
  let documents: Server | undefined;
  let documentBase = "";
  const redirect = "http://127.0.0.1:7777/callback";

  beforeAll(async () => {
    database = await createTestDatabase();
    as = await startAuthServer(database.db);
    guarded = await startAuthServer(database.db, { allowPrivate: false });
    a = await makeAccount(database.db);
    other = await makeAccount(database.db);
    for (const account of [a, other]) {
      const server = await seedServer(database.db, {
        organizationId: account.id,
        slug: "fx",
        url: "http://127.0.0.1:1/mcp",
      });
      await seedPolicy(database.db, { serverId: server.id, document: { version: "1", default: "allow" } });
    }
    resource = `${as.gateway}/${a.slug}/fx/oauth/mcp`;
    user = { id: a.admin.actor.userId ?? "", email: a.admin.actor.label };
    const registered = await fetch(`${as.issuer}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: "Refused",
        redirect_uris: [redirect],
        token_endpoint_auth_method: "none",
      }),
    });
    expect(registered.status).toBe(201);
    client = (await registered.json()) as { client_id: string };
    if (TLS) {
      documents = createServer(
        {
          cert: readFileSync(process.env.TEST_TLS_CERT ?? ""),
          key: readFileSync(process.env.TEST_TLS_KEY ?? ""),
        },
        (req, res) => {
          const self = `${documentBase}${req.url}`;
          const doc = {
            client_id: self,
            client_name: "Doc Client",
            redirect_uris: [redirect],
            token_endpoint_auth_method: "none",
          };
          if (req.url === "/slow.json") return void setTimeout(() => res.end(JSON.stringify(doc)), 8000);
          res.writeHead(200, { "content-type": "application/json" });
          if (req.url === "/good.json") res.end(JSON.stringify(doc));
          else if (req.url === "/big.json") res.end(JSON.stringify({ ...doc, padding: "x".repeat(6000) }));
          else if (req.url === "/not-json.json") res.end("<html>hello</html>");
          else if (req.url === "/other-id.json")
            res.end(JSON.stringify({ ...doc, client_id: `${documentBase}/good.json` }));
          else if (req.url === "/secret.json")
            res.end(JSON.stringify({ ...doc, token_endpoint_auth_method: "client_secret_post" }));
          else res.end("{}");
        },
      );
      await new Promise<void>((resolve) => documents?.listen(0, "127.0.0.1", resolve));
      documentBase = `https://127.0.0.1:${(documents.address() as AddressInfo).port}`;
    }
  });

  afterAll(async () => {
    documents?.closeAllConnections();
    await new Promise((resolve) => (documents ? documents.close(resolve) : resolve(undefined)));
    await as?.close();
    await guarded?.close();
    await database?.close();
  });

  function authorizeUrl(params: Record<string, string | undefined>, base = as.issuer) {
    const url = new URL(`${base}/oauth/authorize`);
    const all: Record<string, string | undefined> = {
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: redirect,
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      state: "s1",
      resource,
      ...params,
    };
    for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
    return url;
  }

  async function authorize(params: Record<string, string | undefined>, base?: string) {
    const answer = await fetch(authorizeUrl(params, base), { redirect: "manual" });
    const location = answer.headers.get("location");
    const body = answer.status === 400 ? ((await answer.json()) as { error: string }) : undefined;
    return { status: answer.status, location: location ? new URL(location) : undefined, error: body?.error };
  }

  async function token(body: Record<string, string>) {
    const answer = await fetch(`${as.issuer}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
    });
    return { status: answer.status, error: ((await answer.json()) as { error?: string }).error };
  }

  /** A consented code for `client` (the happy path the refusals depart from). */
  async function consentedCode(extra: Record<string, string> = {}) {
    const { location } = await authorize(extra);
    const requestId = location?.searchParams.get("request") ?? "";
    return (
      new URL(await decideConsent(as.deps, user, requestId, { allow: true })).searchParams.get("code") ?? ""
    );
  }

  it("answers an unknown client with invalid_client and no redirect", async () => {
    const answer = await authorize({ client_id: "no-such-client" });
    expect(answer).toMatchObject({ status: 400, error: "invalid_client", location: undefined });
  });

  it("answers an unregistered redirect URI with invalid_request and never redirects to it", async () => {
    for (const uri of ["http://127.0.0.1:7777/elsewhere", "https://evil.example/callback"]) {
      const answer = await authorize({ redirect_uri: uri });
      expect(answer).toMatchObject({ status: 400, error: "invalid_request", location: undefined });
    }
  });

  it("refuses missing PKCE and plain PKCE with invalid_request, iss included", async () => {
    for (const params of [
      { code_challenge: undefined, code_challenge_method: undefined },
      { code_challenge_method: "plain" },
    ]) {
      const { status, location } = await authorize(params);
      expect(status).toBe(302);
      expect(location?.origin + (location?.pathname ?? "")).toBe(redirect);
      expect(location?.searchParams.get("error")).toBe("invalid_request");
      expect(location?.searchParams.get("iss")).toBe(as.issuer);
      expect(location?.searchParams.get("state")).toBe("s1");
    }
  });

  it("refuses a missing resource or one that is not a Gatehouse OAuth URL with invalid_target", async () => {
    for (const value of [
      undefined,
      "https://example.com/mcp",
      `${as.gateway}/${a.slug}/fx/mcp`,
      `${resource}?x=1`,
    ]) {
      const { location } = await authorize({ resource: value });
      expect(location?.searchParams.get("error"), String(value)).toBe("invalid_target");
      expect(location?.searchParams.get("iss")).toBe(as.issuer);
    }
    expect(
      await database.db.oAuthAuthorizationRequest.count({ where: { resource: "https://example.com/mcp" } }),
    ).toBe(0);
  });

  it("answers a resource in an account the user is not in with invalid_target, and creates no agent", async () => {
    const { location } = await authorize({ resource: `${as.gateway}/${other.slug}/fx/oauth/mcp` });
    const back = new URL(
      await decideConsent(as.deps, user, location?.searchParams.get("request") ?? "", { allow: true }),
    );
    expect(back.searchParams.get("error")).toBe("invalid_target");
    expect(back.searchParams.get("code")).toBeNull();
    expect(await database.db.agent.count({ where: { organizationId: other.id, kind: "oauth" } })).toBe(0);
  });

  it("refuses a viewer's allow, and a deny is access_denied", async () => {
    const viewer = await a.as("viewer");
    const { location } = await authorize({});
    const requestId = location?.searchParams.get("request") ?? "";
    await expect(
      decideConsent(as.deps, { id: viewer.actor.userId ?? "", email: viewer.actor.label }, requestId, {
        allow: true,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const denied = new URL(
      await decideConsent(as.deps, { id: viewer.actor.userId ?? "", email: viewer.actor.label }, requestId, {
        allow: false,
      }),
    );
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("iss")).toBe(as.issuer);
  });

  it("refuses a wrong verifier, another resource, an expired code with the token endpoint's errors", async () => {
    const code = await consentedCode();
    const base = {
      grant_type: "authorization_code",
      code,
      client_id: client.client_id,
      redirect_uri: redirect,
    };
    expect(await token({ ...base, code_verifier: "x".repeat(43) })).toEqual({
      status: 400,
      error: "invalid_grant",
    });
    expect(
      await token({ ...base, code_verifier: VERIFIER, resource: `${as.gateway}/${a.slug}/other/oauth/mcp` }),
    ).toEqual({ status: 400, error: "invalid_target" });
    expect(
      await token({ ...base, code_verifier: VERIFIER, redirect_uri: "http://127.0.0.1:7777/other" }),
    ).toEqual({
      status: 400,
      error: "invalid_grant",
    });
    const expired = await consentedCode();
    await database.db.oAuthAuthorizationCode.updateMany({
      where: { usedAt: null },
      data: { expiresAt: new Date(0) },
    });
    expect(await token({ ...base, code: expired, code_verifier: VERIFIER })).toEqual({
      status: 400,
      error: "invalid_grant",
    });
    expect(await token({ ...base, code: "nope", code_verifier: VERIFIER })).toEqual({
      status: 400,
      error: "invalid_grant",
    });
  });

  it("refuses registrations with redirect URIs it must never send codes to (invalid_redirect_uri)", async () => {
    for (const uri of ["http://example.com/callback", "javascript:alert(1)", "https://ok.example/cb#frag"]) {
      const answer = await fetch(`${as.issuer}/oauth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_name: "Bad",
          redirect_uris: [uri],
          token_endpoint_auth_method: "none",
        }),
      });
      expect(answer.status, uri).toBe(400);
      // The SDK's schema already refuses a scheme that is not a URL a browser may follow.
      const expected = uri.startsWith("javascript:") ? "invalid_client_metadata" : "invalid_redirect_uri";
      expect(((await answer.json()) as { error: string }).error, uri).toBe(expected);
    }
    expect(await database.db.oAuthClient.count({ where: { name: "Bad" } })).toBe(0);
  });

  describe.skipIf(!TLS)("client ID metadata documents", () => {
    it("signs in a client known by its metadata document, with the SDK's client", async () => {
      const provider = new MemoryClientProvider(redirect, `${documentBase}/good.json`);
      expect(await auth(provider, { serverUrl: resource })).toBe("REDIRECT");
      expect(provider.authorizationUrl?.searchParams.get("client_id")).toBe(`${documentBase}/good.json`);
      const requestId = await consentRequestOf(provider.authorizationUrl as URL);
      const back = new URL(await decideConsent(as.deps, user, requestId, { allow: true }));
      const code = back.searchParams.get("code") ?? "";
      expect(await auth(provider, { serverUrl: resource, authorizationCode: code })).toBe("AUTHORIZED");
      const stored = await database.db.oAuthClient.findUniqueOrThrow({
        where: { clientId: `${documentBase}/good.json` },
      });
      expect(stored).toMatchObject({ kind: "metadata_document", name: "Doc Client" });
    });

    it("refuses documents that are too large, slow, not JSON, for another client_id or with a secret", async () => {
      for (const path of ["/big.json", "/slow.json", "/not-json.json", "/other-id.json", "/secret.json"]) {
        const answer = await authorize({ client_id: `${documentBase}${path}` });
        expect(answer.status, path).toBe(400);
        expect(answer.location, path).toBeUndefined();
        expect(["invalid_client", "invalid_client_metadata"], path).toContain(answer.error);
      }
      expect(
        await database.db.oAuthClient.count({
          where: { clientId: { not: `${documentBase}/good.json` }, kind: "metadata_document" },
        }),
      ).toBe(0);
    }, 30_000);

    it("refuses a document on a private address through the SSRF guard", async () => {
      const answer = await authorize({ client_id: `${documentBase}/fresh.json` }, guarded.issuer);
      expect(answer).toMatchObject({ status: 400, error: "invalid_client", location: undefined });
    });
  });
});
