// Dashboard sessions. The session JWT carries a random id; the database keeps its SHA-256 (Auth.js's Session
// table) with when and from where it started. Every request checks the row, so deleting it (sign-out, a password
// change or reset, an admin removing the member, the member ending it) refuses that JWT at once, replayed or not.
import { randomBytes } from "node:crypto";
import type { DbClient } from "@gatehouse/db";
import { hashToken } from "@gatehouse/db/secrets";

export const SESSION_MAX_AGE_S = 30 * 24 * 3600;
/** lastSeenAt is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

export async function startDashboardSession(
  db: DbClient,
  userId: string,
  seen: { userAgent?: string | null; ip?: string | null },
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db.session.create({
    data: {
      sessionToken: hashToken(id),
      userId,
      expires: new Date(Date.now() + SESSION_MAX_AGE_S * 1000),
      userAgent: seen.userAgent?.slice(0, 300) ?? null,
      ip: seen.ip ?? null,
    },
  });
  return id;
}

/** True when the session is live and the user's; refreshes its last-seen time now and then. */
export async function checkDashboardSession(db: DbClient, userId: string, id: unknown): Promise<boolean> {
  if (typeof id !== "string" || id.length > 100) return false;
  const sessionToken = hashToken(id);
  const row = await db.session.findUnique({ where: { sessionToken } });
  if (!row || row.userId !== userId || row.expires <= new Date()) return false;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.updateMany({ where: { sessionToken }, data: { lastSeenAt: new Date() } });
  }
  return true;
}

export async function endDashboardSession(db: DbClient, id: unknown): Promise<void> {
  if (typeof id !== "string" || id.length > 100) return;
  await db.session.deleteMany({ where: { sessionToken: hashToken(id) } });
}

/** Ends every session of the user, but the one whose id is `keep` (the caller's own, after a password change). */
export async function endUserSessions(db: DbClient, userId: string, keep?: string): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(keep ? { sessionToken: { not: hashToken(keep) } } : {}) },
  });
  return count;
}

export interface TSessionView {
  /** A handle for ending it: the first 16 characters of the stored hash, never the JWT's id. */
  handle: string;
  current: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
}

export async function listUserSessions(
  db: DbClient,
  userId: string,
  currentId?: string,
): Promise<TSessionView[]> {
  const current = currentId ? hashToken(currentId) : "";
  const rows = await db.session.findMany({
    where: { userId, expires: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  return rows.map((row) => ({
    handle: row.sessionToken.slice(0, 16),
    current: row.sessionToken === current,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    userAgent: row.userAgent,
    ip: row.ip,
  }));
}

/** Ends one of the user's own sessions by its handle; false when there is none such. */
export async function endUserSessionByHandle(db: DbClient, userId: string, handle: string): Promise<boolean> {
  if (!/^[0-9a-f]{16}$/.test(handle)) return false;
  const { count } = await db.session.deleteMany({ where: { userId, sessionToken: { startsWith: handle } } });
  return count > 0;
}
