// Housekeeping of the authorization server's tables, done on the way (there is no scheduler in the dashboard):
// consent requests and codes an hour past their expiry, and used refresh tokens past theirs. Used refresh tokens
// are kept until then on purpose — presenting one again is how a stolen token is noticed (reuse detection).
import type { DbClient } from "@gatehouse/db";

const GRACE_MS = 3600_000;
const EVERY_MS = 10 * 60_000;
let lastRun = 0;

export async function pruneExpired(db: DbClient, now = Date.now()): Promise<void> {
  if (now - lastRun < EVERY_MS) return;
  lastRun = now;
  const before = new Date(now - GRACE_MS);
  await db.oAuthAuthorizationRequest.deleteMany({ where: { expiresAt: { lt: before } } });
  await db.oAuthAuthorizationCode.deleteMany({ where: { expiresAt: { lt: before } } });
  await db.oAuthRefreshToken.deleteMany({ where: { expiresAt: { lt: before } } });
}

/** Runs pruneExpired off the request's path; a failure goes to `onError` (the app logs it), never the request. */
export function pruneExpiredSoon(db: DbClient, onError: (error: unknown) => void = () => undefined): void {
  void pruneExpired(db).catch(onError);
}
