/** Who is mailed when a call of an account is held (approval/approval-mail.ts). Scoped to the account's id. */
import type { Db } from "./pool.js";

export interface ApprovalRecipients {
  accountName: string;
  emails: string[];
}

/**
 * Members who opted in to approval mails, may decide (admins and policy managers: a viewer cannot approve) and have
 * confirmed their email (an unconfirmed address may not be theirs).
 */
export async function findApprovalRecipients(db: Db, organizationId: string): Promise<ApprovalRecipients> {
  const { rows } = await db.query<{ email: string | null; name: string }>(
    `SELECT u.email, o.name FROM "Organization" o
     LEFT JOIN "Membership" m ON m."organizationId" = o.id AND m."notifyApprovals"
       AND m.role IN ('admin', 'policy_manager')
     LEFT JOIN "User" u ON u.id = m."userId" AND u."emailVerified" IS NOT NULL
     WHERE o.id = $1`,
    [organizationId],
  );
  return {
    accountName: rows[0]?.name ?? "",
    emails: rows.flatMap((row) => (row.email ? [row.email] : [])),
  };
}
