import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { listApprovals } from "@/server/approvals/list-approvals";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { ApprovalsInbox } from "./approvals-inbox";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const ctx = await getAccountContext(account);
  const [pending, recent] = await Promise.all([
    listApprovals(ctx, { status: "pending" }),
    listApprovals(ctx, { limit: 30 }),
  ]);
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Calls held by a require_approval rule wait here. Approve one and the agent's call goes through, once."
      />
      <ApprovalsInbox
        account={account}
        initialPending={pending}
        initialRecent={recent.filter((item) => item.status !== "pending")}
        canDecide={hasRole(ctx.role, "policy_manager")}
      />
    </>
  );
}
