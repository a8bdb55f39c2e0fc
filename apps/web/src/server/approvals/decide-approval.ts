// Approves or denies a held call. The gateway watches the row and wakes the waiting call; an approval stays
// usable (once) for the approval's timeout after the decision (DESIGN §4).
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError, notFound } from "../errors";
import { isUuid } from "../servers/get-server";

export async function decideApproval(
  ctx: AccountContext,
  id: string,
  input: { decision: "approve" | "deny"; note?: string | null | undefined },
): Promise<{ id: string; status: string; decidedAt: string; usableUntil: string | null }> {
  if (!isUuid(id)) throw notFound("Approval");
  const row = await ctx.db.approvalRequest.findFirst({ where: { organizationId: ctx.organizationId, id } });
  if (!row) throw notFound("Approval");
  const now = new Date();
  if (row.status !== "pending") throw new AppError("conflict", `This request was already ${row.status}`);
  if (row.expiresAt <= now) {
    await ctx.db.approvalRequest.updateMany({
      where: { id: row.id, status: "pending" },
      data: { status: "expired", argumentsEnc: null },
    });
    throw new AppError("conflict", "This request expired before anyone decided");
  }
  const timeoutMs = Math.max(1000, row.expiresAt.getTime() - row.requestedAt.getTime());
  const approved = input.decision === "approve";
  const note = input.note?.trim().slice(0, 500) || null;
  // Conditional update: two people deciding at once cannot both win.
  const { count } = await ctx.db.approvalRequest.updateMany({
    where: { id: row.id, status: "pending" },
    data: {
      status: approved ? "approved" : "denied",
      decidedAt: now,
      decidedById: ctx.actor.userId,
      decisionNote: note,
      usableUntil: approved ? new Date(now.getTime() + timeoutMs) : null,
      argumentsEnc: null,
    },
  });
  if (count === 0) throw new AppError("conflict", "Someone else decided this request first");
  await recordAdminEvent(ctx, {
    action: approved ? "approval.approve" : "approval.deny",
    targetType: "approval",
    targetId: row.id,
    details: { tool: row.tool, note },
  });
  return {
    id: row.id,
    status: approved ? "approved" : "denied",
    decidedAt: now.toISOString(),
    usableUntil: approved ? new Date(now.getTime() + timeoutMs).toISOString() : null,
  };
}
