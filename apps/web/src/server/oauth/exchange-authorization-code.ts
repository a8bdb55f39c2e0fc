// The authorization_code grant after the SDK's handler checked PKCE (S256): the code must be this client's, unused,
// unexpired, for the same redirect URI and resource. A code presented twice revokes the grant it began (OAuth 2.1
// §4.1.3): whoever used it first may be an attacker.
import { hashToken } from "@gatehouse/db/secrets";
import { InvalidGrantError, InvalidTargetError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { findClientRow } from "./clients-store";
import { issueTokens, revokeGrant } from "./grant-tokens";
import type { TOAuthDeps } from "./oauth-settings";

async function findCode(deps: TOAuthDeps, clientId: string, code: string) {
  const client = await findClientRow(deps.db, clientId);
  const row = await deps.db.oAuthAuthorizationCode.findUnique({
    where: { codeHash: hashToken(code) },
    include: { grant: true },
  });
  if (!client || !row || row.grant.clientId !== client.id)
    throw new InvalidGrantError("Invalid authorization code");
  return row;
}

/** The code's PKCE challenge, for the SDK's handler to check the verifier against. */
export async function challengeForCode(deps: TOAuthDeps, clientId: string, code: string): Promise<string> {
  return (await findCode(deps, clientId, code)).codeChallenge;
}

export async function exchangeAuthorizationCode(
  deps: TOAuthDeps,
  clientId: string,
  code: string,
  redirectUri: string | undefined,
  resource: URL | undefined,
): Promise<OAuthTokens> {
  const row = await findCode(deps, clientId, code);
  if (row.usedAt) {
    await revokeGrant(deps.db, row.grantId, "authorization code used twice");
    throw new InvalidGrantError("Authorization code already used");
  }
  if (row.expiresAt.getTime() <= Date.now()) throw new InvalidGrantError("Authorization code expired");
  if (redirectUri !== undefined && redirectUri !== row.redirectUri) {
    throw new InvalidGrantError("redirect_uri differs from the authorization request's");
  }
  if (resource && resource.href !== new URL(row.grant.resource).href) {
    throw new InvalidTargetError("resource differs from the authorization request's");
  }
  const claimed = await deps.db.oAuthAuthorizationCode.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (claimed.count === 0) {
    await revokeGrant(deps.db, row.grantId, "authorization code used twice");
    throw new InvalidGrantError("Authorization code already used");
  }
  if (row.grant.revokedAt) throw new InvalidGrantError("The grant was revoked");
  return issueTokens(deps, row.grant, clientId);
}
