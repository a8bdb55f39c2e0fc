import { withApiAccount } from "@/server/api";
import { listApprovals } from "@/server/approvals/list-approvals";

export const GET = withApiAccount(
  async (ctx, request) => {
    const search = new URL(request.url).searchParams;
    const limit = Number(search.get("limit") ?? 100);
    return {
      approvals: await listApprovals(ctx, {
        status: search.get("status"),
        limit: Number.isFinite(limit) && limit > 0 ? limit : 100,
      }),
    };
  },
  { role: "viewer" },
);
