import { readJsonObject, withApiAccount } from "@/server/api";
import { decideApproval } from "@/server/approvals/decide-approval";

export const POST = withApiAccount<{ id: string }>(
  async (ctx, request, { id }) => {
    const body = await readJsonObject(request);
    return decideApproval(ctx, id, {
      decision: "deny",
      note: typeof body.note === "string" ? body.note : null,
    });
  },
  { role: "policy_manager" },
);
