/** The audit trail's batched insert (audit/audit-log.ts queues and spools the events). */
import type { Db } from "./pool.js";

/**
 * One statement per batch: `events` is a JSON array of event objects, which become rows by column name
 * (json_populate_recordset, where a missing key is NULL). Ids are given when a request arrives, so a batch
 * inserted twice (a retry, or a spool replayed after a crash) cannot duplicate.
 */
export async function insertAuditEvents(db: Db, events: string): Promise<void> {
  await db.query(
    `INSERT INTO "AuditEvent" ("id", "organizationId", "serverId", "serverSlug", "agentId", "agentName", "sessionId",
       "method", "tool", "decision", "rule", "reason", "latencyMs", "upstreamStatus", "argumentKeys", "arguments",
       "approvalId", "upstreamConnection", "createdAt")
     SELECT "id", "organizationId", "serverId", "serverSlug", "agentId", "agentName", "sessionId",
       "method", "tool", "decision", "rule", "reason", "latencyMs", "upstreamStatus", "argumentKeys", "arguments",
       "approvalId", "upstreamConnection", "createdAt"
     FROM json_populate_recordset(NULL::"AuditEvent", $1::json)
     ON CONFLICT ("id") DO NOTHING`,
    [events],
  );
}

/** Whether the database answers at all (to tell a refused batch from an unreachable database). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await db.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
