// The dashboard's ConnectionTokenStore (packages/upstream's refresh protocol) over Prisma: the lease is one
// conditional UPDATE, so it is taken by exactly one process, the gateway replicas included (they use the same rows).
import type { DbClient } from "@gatehouse/db";
import { decryptSecret, encryptSecret } from "@gatehouse/db/secrets";
import type { ConnectionTokenStore } from "@gatehouse/upstream";

export function prismaConnectionStore(db: DbClient, id: string, key: Buffer): ConnectionTokenStore {
  const open = (value: string | null) => (value ? decryptSecret(value, key) : undefined);
  return {
    async read() {
      const row = await db.upstreamConnection.findUnique({
        where: { id },
        omit: { accessTokenEnc: false, refreshTokenEnc: false },
      });
      if (!row) return undefined;
      return {
        status: row.status,
        accessToken: open(row.accessTokenEnc),
        refreshToken: open(row.refreshTokenEnc),
        expiresAt: row.expiresAt ?? undefined,
        scopes: row.scopes,
        tokenVersion: row.tokenVersion,
      };
    },
    async lease(version, until) {
      const taken = await db.upstreamConnection.updateMany({
        where: {
          id,
          tokenVersion: version,
          status: "connected",
          OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lt: new Date() } }],
        },
        data: { refreshLeaseUntil: until },
      });
      return taken.count === 1;
    },
    async saveRefreshed(version, tokens) {
      await db.upstreamConnection.updateMany({
        where: { id, tokenVersion: version },
        data: {
          accessTokenEnc: encryptSecret(tokens.accessToken, key),
          refreshTokenEnc: tokens.refreshToken ? encryptSecret(tokens.refreshToken, key) : null,
          expiresAt: tokens.expiresAt ?? null,
          scopes: tokens.scopes,
          tokenVersion: version + 1,
          refreshLeaseUntil: null,
          refreshedAt: new Date(),
        },
      });
    },
    async markExpired(version, reason) {
      await db.upstreamConnection.updateMany({
        where: { id, tokenVersion: version },
        data: {
          status: "expired",
          accessTokenEnc: null,
          refreshTokenEnc: null,
          tokenVersion: version + 1,
          refreshLeaseUntil: null,
          lastError: reason.slice(0, 500),
        },
      });
    },
    async release() {
      await db.upstreamConnection.updateMany({ where: { id }, data: { refreshLeaseUntil: null } });
    },
  };
}
