import { withApiAccount } from "@/server/api";
import { listAuditEvents } from "@/server/audit/list-audit-events";

export const GET = withApiAccount(
  async (ctx, request) => {
    const search = new URL(request.url).searchParams;
    const query: Record<string, string> = {};
    for (const key of ["serverId", "agentId", "tool", "decision", "since", "until", "limit", "cursor"]) {
      const value = search.get(key);
      if (value) query[key] = value;
    }
    return listAuditEvents(ctx, query);
  },
  { role: "viewer" },
);
