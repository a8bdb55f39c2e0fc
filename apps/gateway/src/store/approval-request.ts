/**
 * ApprovalRequest rows (approval/approvals.ts holds the calls). Single use rests on conditional UPDATEs: only the
 * statement that still finds a row `approved` (and usable) marks it `used`.
 */
import { uuidv7 } from "../ids.js";
import { type Db, utc } from "./pool.js";

export interface NewApprovalRequest {
  organizationId: string;
  serverId: string;
  agentId: string;
  policyId: string | null;
  policyVersion: number | null;
  tool: string;
  callHash: string;
  argumentsEnc: string;
  argumentKeys: string[];
  sessionId: string | null;
  rule: string;
  reason: string | null;
  expiresAt: Date;
}

export interface ApprovalState {
  id: string;
  status: string;
  decisionNote: string | null;
  expiresAt: Date;
}

interface CallOnServer {
  organizationId: string;
  serverId: string;
  callHash: string;
}

/** Approved requests for this call still usable at `now`, oldest decision first (at most `limit`). */
export async function findUsableApprovals(
  db: Db,
  call: CallOnServer,
  now: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM "ApprovalRequest"
     WHERE "organizationId" = $1 AND "serverId" = $2 AND "callHash" = $3 AND status = 'approved'
       AND ("usableUntil" IS NULL OR "usableUntil" > $4)
     ORDER BY "decidedAt" ASC LIMIT $5`,
    [call.organizationId, call.serverId, call.callHash, utc(now), limit],
  );
  return rows.map((row) => row.id);
}

/** A pending request for this call that has not expired at `now`. */
export async function findPendingApproval(
  db: Db,
  call: CallOnServer,
  now: Date,
): Promise<{ id: string; expiresAt: Date } | undefined> {
  const { rows } = await db.query<{ id: string; expiresAt: Date }>(
    `SELECT id, "expiresAt" FROM "ApprovalRequest"
     WHERE "organizationId" = $1 AND "serverId" = $2 AND "callHash" = $3 AND status = 'pending'
       AND "expiresAt" > $4
     LIMIT 1`,
    [call.organizationId, call.serverId, call.callHash, utc(now)],
  );
  return rows[0];
}

export async function insertApprovalRequest(
  db: Db,
  request: NewApprovalRequest,
  now: Date,
): Promise<{ id: string; expiresAt: Date }> {
  const { rows } = await db.query<{ id: string; expiresAt: Date }>(
    `INSERT INTO "ApprovalRequest" (id, "organizationId", "serverId", "agentId", "policyId", "policyVersion", tool,
       "callHash", "argumentsEnc", "argumentKeys", "sessionId", rule, reason, status, "requestedAt", "expiresAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14, $15)
     RETURNING id, "expiresAt"`,
    [
      uuidv7(now.getTime()),
      request.organizationId,
      request.serverId,
      request.agentId,
      request.policyId,
      request.policyVersion,
      request.tool,
      request.callHash,
      request.argumentsEnc,
      request.argumentKeys,
      request.sessionId,
      request.rule,
      request.reason,
      utc(now),
      utc(request.expiresAt),
    ],
  );
  const created = rows[0];
  if (!created) throw new Error("inserting an approval request returned no row");
  return created;
}

/** Status of the given requests (the ones calls are held on). */
export async function readApprovalStates(db: Db, ids: string[]): Promise<ApprovalState[]> {
  const { rows } = await db.query<ApprovalState>(
    `SELECT id, status, "decisionNote", "expiresAt" FROM "ApprovalRequest" WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}

/** Marks an approved, still usable request used (and deletes its arguments); true when this statement did it. */
export async function markApprovalUsed(db: Db, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE "ApprovalRequest" SET status = 'used', "usedAt" = $2, "argumentsEnc" = NULL
     WHERE id = $1 AND status = 'approved' AND ("usableUntil" IS NULL OR "usableUntil" > $2)`,
    [id, utc(now)],
  );
  return rowCount === 1;
}

/** Deletes a request's held-call arguments (a denied request no longer needs them). */
export async function clearApprovalArguments(db: Db, id: string): Promise<void> {
  await db.query(
    `UPDATE "ApprovalRequest" SET "argumentsEnc" = NULL WHERE id = $1 AND "argumentsEnc" IS NOT NULL`,
    [id],
  );
}

/** Expires one request if it is still pending. */
export async function expireApproval(db: Db, id: string): Promise<void> {
  await db.query(
    `UPDATE "ApprovalRequest" SET status = 'expired', "argumentsEnc" = NULL WHERE id = $1 AND status = 'pending'`,
    [id],
  );
}

/** Expires every pending request nobody decided by `now` (decidedAt = now). */
export async function expireOverdueApprovals(db: Db, now: Date): Promise<void> {
  await db.query(
    `UPDATE "ApprovalRequest" SET status = 'expired', "argumentsEnc" = NULL, "decidedAt" = $1
     WHERE status = 'pending' AND "expiresAt" <= $1`,
    [utc(now)],
  );
}

/** Deletes arguments no request needs any more: denied, expired or used, or approved but no longer usable. */
export async function clearSpentApprovalArguments(db: Db, now: Date): Promise<void> {
  await db.query(
    `UPDATE "ApprovalRequest" SET "argumentsEnc" = NULL
     WHERE "argumentsEnc" IS NOT NULL
       AND (status IN ('denied', 'expired', 'used') OR (status = 'approved' AND "usableUntil" <= $1))`,
    [utc(now)],
  );
}
