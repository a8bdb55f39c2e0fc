/**
 * Seeds upstream OAuth for gateway tests the way the dashboard makes it: an `oauth` server registered at our
 * fixture authorization server (discovery and dynamic registration through packages/upstream), and connections
 * signed in there (each sign-in a new fixture user), their tokens encrypted under the tests' secret key.
 */

import { encryptSecret } from "@gatehouse/db/secrets";
import type { TestDatabase } from "@gatehouse/db/testing";
import {
  beginUpstreamAuthorization,
  discoverUpstreamOAuth,
  exchangeUpstreamCode,
  registerUpstreamClient,
  type UpstreamOAuthClientConfig,
} from "@gatehouse/upstream";
import { SECRET_KEY } from "./gateway.js";

const REDIRECT = "http://localhost:3000/oauth/callback";
const open = { allowPrivate: true };

export async function makeOAuthServer(
  db: TestDatabase["db"],
  options: { orgId: string; serverId: string; url: string; mode: "shared" | "per_agent" },
): Promise<UpstreamOAuthClientConfig> {
  const discovery = await discoverUpstreamOAuth(options.url, open);
  const registered = await registerUpstreamClient(discovery, {
    ...open,
    clientMetadataUrl: "http://localhost:3000/oauth/client-metadata.json",
    redirectUri: REDIRECT,
  });
  await db.upstreamOAuthClient.create({
    data: {
      serverId: options.serverId,
      organizationId: options.orgId,
      resource: discovery.resource,
      issuer: discovery.issuer,
      metadata: JSON.parse(JSON.stringify(discovery.metadata)),
      scope: discovery.scope ?? null,
      registration: registered.registration,
      clientId: registered.clientId,
      clientSecretEnc: registered.clientSecret ? encryptSecret(registered.clientSecret, SECRET_KEY) : null,
    },
  });
  await db.server.update({
    where: { id: options.serverId },
    data: { auth: "oauth", connectionMode: options.mode },
  });
  return { ...discovery, ...registered };
}

/** Signs in at the fixture and stores the connection; returns its id. */
export async function connectAt(
  db: TestDatabase["db"],
  client: UpstreamOAuthClientConfig,
  options: { orgId: string; serverId: string; agentId?: string; expiresAt?: Date },
): Promise<string> {
  const { authorizationUrl, codeVerifier } = await beginUpstreamAuthorization(client, {
    redirectUri: REDIRECT,
    state: "s",
  });
  const answer = await fetch(authorizationUrl, { redirect: "manual" });
  const code = new URL(answer.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const tokens = await exchangeUpstreamCode(client, { code, codeVerifier, redirectUri: REDIRECT, ...open });
  const row = await db.upstreamConnection.create({
    data: {
      organizationId: options.orgId,
      serverId: options.serverId,
      agentId: options.agentId ?? null,
      subject: options.agentId ?? "shared",
      accessTokenEnc: encryptSecret(tokens.accessToken, SECRET_KEY),
      refreshTokenEnc: tokens.refreshToken ? encryptSecret(tokens.refreshToken, SECRET_KEY) : null,
      expiresAt: options.expiresAt ?? tokens.expiresAt ?? null,
      scopes: tokens.scopes,
    },
  });
  return row.id;
}
