/** Agent keys' and OAuth grants' last use (lastUsedAt, shown in the dashboard; it does not wake the config feed). */
import { type Db, utc } from "./pool.js";

export async function touchAgentKeys(db: Db, ids: string[], at: Date): Promise<void> {
  await db.query('UPDATE "AgentKey" SET "lastUsedAt" = $1 WHERE id = ANY($2::uuid[])', [utc(at), ids]);
}

export async function touchOAuthGrants(db: Db, ids: string[], at: Date): Promise<void> {
  await db.query('UPDATE "OAuthGrant" SET "lastUsedAt" = $1 WHERE id = ANY($2::uuid[])', [utc(at), ids]);
}
