import { withApiAccount } from "@/server/api";
import { listPolicyVersions } from "@/server/policies/list-policy-versions";

export const GET = withApiAccount<{ id: string }>(
  async (ctx, _request, { id }) => ({ versions: await listPolicyVersions(ctx, id) }),
  { role: "viewer" },
);
