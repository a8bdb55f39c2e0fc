/**
 * The database side of upstream OAuth for the gateway: an account's OAuth registrations and its connections'
 * state (never their tokens) for the snapshot, and a connection's tokens behind packages/upstream's
 * ConnectionTokenStore — read, leased, refreshed and expired with one conditional statement each, so concurrent
 * replicas (and the dashboard's sync) agree on who refreshes. Every query is scoped by id or account.
 */
import { decryptSecret, encryptSecret } from "@gatehouse/db/secrets";
import type { ConnectionTokenStore } from "@gatehouse/upstream";
import { type Db, utc } from "../store/pool.js";

export interface OAuthClientRow {
  serverId: string;
  resource: string;
  issuer: string;
  metadata: unknown;
  scope: string | null;
  clientId: string;
  clientSecretEnc: string | null;
}

export interface ConnectionStateRow {
  id: string;
  serverId: string;
  subject: string;
  status: "connected" | "expired";
  tokenVersion: number;
}

export async function listOAuthClients(db: Db, organizationId: string): Promise<OAuthClientRow[]> {
  const { rows } = await db.query<OAuthClientRow>(
    `SELECT "serverId", resource, issuer, metadata, scope, "clientId", "clientSecretEnc"
     FROM "UpstreamOAuthClient" WHERE "organizationId" = $1`,
    [organizationId],
  );
  return rows;
}

export async function listConnectionStates(db: Db, organizationId: string): Promise<ConnectionStateRow[]> {
  const { rows } = await db.query<ConnectionStateRow>(
    `SELECT id, "serverId", subject, status, "tokenVersion"
     FROM "UpstreamConnection" WHERE "organizationId" = $1`,
    [organizationId],
  );
  return rows;
}

export function pgConnectionStore(db: Db, id: string, key: Buffer): ConnectionTokenStore {
  const open = (value: string | null) => (value ? decryptSecret(value, key) : undefined);
  return {
    async read() {
      const { rows } = await db.query<{
        status: "connected" | "expired";
        accessTokenEnc: string | null;
        refreshTokenEnc: string | null;
        expiresAt: Date | null;
        scopes: string[];
        tokenVersion: number;
      }>(
        `SELECT status, "accessTokenEnc", "refreshTokenEnc", "expiresAt", coalesce(scopes, '{}') AS scopes,
           "tokenVersion"
         FROM "UpstreamConnection" WHERE id = $1`,
        [id],
      );
      const row = rows[0];
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
      const result = await db.query(
        `UPDATE "UpstreamConnection" SET "refreshLeaseUntil" = $3
         WHERE id = $1 AND "tokenVersion" = $2 AND status = 'connected'
           AND ("refreshLeaseUntil" IS NULL OR "refreshLeaseUntil" < $4)`,
        [id, version, utc(until), utc(new Date())],
      );
      return result.rowCount === 1;
    },
    async saveRefreshed(version, tokens) {
      await db.query(
        `UPDATE "UpstreamConnection" SET "accessTokenEnc" = $3, "refreshTokenEnc" = $4, "expiresAt" = $5,
           scopes = $6, "tokenVersion" = $2 + 1, "refreshLeaseUntil" = NULL, "refreshedAt" = $7, "updatedAt" = $7
         WHERE id = $1 AND "tokenVersion" = $2`,
        [
          id,
          version,
          encryptSecret(tokens.accessToken, key),
          tokens.refreshToken ? encryptSecret(tokens.refreshToken, key) : null,
          tokens.expiresAt ? utc(tokens.expiresAt) : null,
          tokens.scopes,
          utc(new Date()),
        ],
      );
    },
    async markExpired(version, reason) {
      await db.query(
        `UPDATE "UpstreamConnection" SET status = 'expired', "accessTokenEnc" = NULL, "refreshTokenEnc" = NULL,
           "tokenVersion" = $2 + 1, "refreshLeaseUntil" = NULL, "lastError" = $3, "updatedAt" = $4
         WHERE id = $1 AND "tokenVersion" = $2`,
        [id, version, reason.slice(0, 500), utc(new Date())],
      );
    },
    async release() {
      await db.query(`UPDATE "UpstreamConnection" SET "refreshLeaseUntil" = NULL WHERE id = $1`, [id]);
    },
  };
}
