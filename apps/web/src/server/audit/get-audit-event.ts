// One audit event of the account, for the activity log's detail view: everything the gateway recorded, with the
// redacted argument values when the account stores them. Another account's id is not found (undefined).
import type { AccountContext } from "../context";
import type { TAuditEventDto } from "./list-audit-events";

export interface TAuditEventDetail extends TAuditEventDto {
  /** Redacted argument values (only when the account stores them), else null. */
  arguments: unknown;
  upstreamConnection: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getAuditEvent(ctx: AccountContext, id: string): Promise<TAuditEventDetail | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await ctx.db.auditEvent.findFirst({
    where: { id, organizationId: ctx.organizationId },
    omit: { organizationId: true },
  });
  if (!row) return undefined;
  return { ...row, createdAt: row.createdAt.toISOString() };
}
