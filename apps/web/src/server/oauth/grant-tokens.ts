// Tokens of one grant: a signed access token (one hour, bound to the grant's resource) and a refresh token (random,
// stored as a hash, rotated on every use). Revoking a grant refuses its access tokens at every gateway within a
// second (the grant row's revokedAt wakes the config feed) and its refresh tokens at once.
import { randomBytes } from "node:crypto";
import type { DbClient } from "@gatehouse/db";
import { ACCESS_TOKEN_TTL_SECONDS, accessTokenKey, signAccessToken } from "@gatehouse/db/oauth-tokens";
import { hashToken } from "@gatehouse/db/secrets";
import type { OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { OAUTH_SCOPE, REFRESH_TOKEN_TTL_MS, type TOAuthDeps } from "./oauth-settings";

export interface TGrantForTokens {
  id: string;
  organizationId: string;
  agentId: string;
  userId: string;
  resource: string;
}

let cachedKey: { secret: Buffer; key: Uint8Array } | undefined;

function signingKey(secretKey: Buffer): Uint8Array {
  if (cachedKey?.secret !== secretKey) cachedKey = { secret: secretKey, key: accessTokenKey(secretKey) };
  return cachedKey.key;
}

export async function issueTokens(
  { db, settings }: TOAuthDeps,
  grant: TGrantForTokens,
  clientId: string,
): Promise<OAuthTokens> {
  const accessToken = await signAccessToken(signingKey(settings.secretKey), {
    issuer: settings.issuer,
    audience: grant.resource,
    userId: grant.userId,
    clientId,
    grantId: grant.id,
    agentId: grant.agentId,
    organizationId: grant.organizationId,
  });
  const refreshToken = `gate_rt_${randomBytes(32).toString("base64url")}`;
  await db.oAuthRefreshToken.create({
    data: {
      grantId: grant.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
    },
  });
  return {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: refreshToken,
    scope: OAUTH_SCOPE,
  };
}

export function accessTokenSigningKey(secretKey: Buffer): Uint8Array {
  return signingKey(secretKey);
}

/** Revokes a grant (idempotent): its refresh tokens stop working at once, its access tokens within a second. */
export async function revokeGrant(db: DbClient, grantId: string, reason: string): Promise<void> {
  await db.oAuthGrant.updateMany({
    where: { id: grantId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
}
