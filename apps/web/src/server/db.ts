// The web app's single database client and the parsed secret key (both created once per process).
import { createDbClient, type DbClient } from "@gatehouse/db";
import { parseSecretKey } from "@gatehouse/db/secrets";
import { env } from "@/env";

const globalForDb = globalThis as unknown as { gatehouseDb?: DbClient };

export const db: DbClient = globalForDb.gatehouseDb ?? createDbClient(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalForDb.gatehouseDb = db;

let secretKey: Buffer | undefined;
/** The AES key for secrets at rest; parsed lazily so `next build` never needs it. */
export function getSecretKey(): Buffer {
  secretKey ??= parseSecretKey(env.GATEHOUSE_SECRET_KEY);
  return secretKey;
}
