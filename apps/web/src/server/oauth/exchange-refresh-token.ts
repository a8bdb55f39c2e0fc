// The refresh_token grant: the token is rotated on every use (the old one is marked used, a new one issued), and
// a used one presented again revokes the whole grant (reuse detection, OAuth 2.1 §4.3.1).
import { hashToken } from "@gatehouse/db/secrets";
import { InvalidGrantError, InvalidTargetError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { findClientRow } from "./clients-store";
import { issueTokens, revokeGrant } from "./grant-tokens";
import type { TOAuthDeps } from "./oauth-settings";

export async function exchangeRefreshToken(
  deps: TOAuthDeps,
  clientId: string,
  refreshToken: string,
  resource: URL | undefined,
): Promise<OAuthTokens> {
  const client = await findClientRow(deps.db, clientId);
  const row = await deps.db.oAuthRefreshToken.findUnique({
    where: { tokenHash: hashToken(refreshToken) },
    include: { grant: true },
  });
  if (!client || !row || row.grant.clientId !== client.id)
    throw new InvalidGrantError("Invalid refresh token");
  if (row.grant.revokedAt) throw new InvalidGrantError("The grant was revoked");
  if (row.usedAt) {
    await revokeGrant(deps.db, row.grantId, "refresh token reused");
    throw new InvalidGrantError("Refresh token already used; the grant is revoked");
  }
  if (row.expiresAt.getTime() <= Date.now()) throw new InvalidGrantError("Refresh token expired");
  if (resource && resource.href !== new URL(row.grant.resource).href) {
    throw new InvalidTargetError("resource differs from the grant's");
  }
  const claimed = await deps.db.oAuthRefreshToken.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  if (claimed.count === 0) {
    await revokeGrant(deps.db, row.grantId, "refresh token reused");
    throw new InvalidGrantError("Refresh token already used; the grant is revoked");
  }
  return issueTokens(deps, row.grant, clientId);
}
