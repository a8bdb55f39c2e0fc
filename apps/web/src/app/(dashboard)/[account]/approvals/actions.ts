"use server";
import { decideApproval } from "@/server/approvals/decide-approval";
import { listApprovals } from "@/server/approvals/list-approvals";
import { withAccount } from "@/server/auth";

export const listApprovalsAction = withAccount(
  async (ctx, status: string | null) => listApprovals(ctx, { status, limit: 100 }),
  { role: "viewer" },
);

export const decideApprovalAction = withAccount(
  async (ctx, id: string, decision: "approve" | "deny", note: string) =>
    decideApproval(ctx, id, { decision, note }),
  { role: "policy_manager" },
);
