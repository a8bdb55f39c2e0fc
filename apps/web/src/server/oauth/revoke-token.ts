// Token revocation (RFC 7009): an access or refresh token of the calling client revokes its grant (both kinds of
// token of that consent). Unknown, foreign or already revoked tokens change nothing and are answered 200 alike.
import { verifyAccessToken } from "@gatehouse/db/oauth-tokens";
import { hashToken } from "@gatehouse/db/secrets";
import { findClientRow } from "./clients-store";
import { accessTokenSigningKey, revokeGrant } from "./grant-tokens";
import type { TOAuthDeps } from "./oauth-settings";

export async function revokeToken(deps: TOAuthDeps, clientId: string, token: string): Promise<void> {
  const client = await findClientRow(deps.db, clientId);
  if (!client) return;
  const verified = await verifyAccessToken(accessTokenSigningKey(deps.settings.secretKey), token, {
    issuer: deps.settings.issuer,
  });
  if (verified.ok) {
    if (verified.claims.clientId === clientId) {
      await revokeGrant(deps.db, verified.claims.grantId, "revoked by the client");
    }
    return;
  }
  const refresh = await deps.db.oAuthRefreshToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { grantId: true, grant: { select: { clientId: true } } },
  });
  if (refresh && refresh.grant.clientId === client.id) {
    await revokeGrant(deps.db, refresh.grantId, "revoked by the client");
  }
}
