import { withApiAccount } from "@/server/api";
import { listPolicyVersions } from "@/server/policies/list-policy-versions";

export const GET = withApiAccount<{ id: string; policyId: string }>(
  async (ctx, _request, { id, policyId }) => ({ versions: await listPolicyVersions(ctx, id, policyId) }),
  { role: "viewer" },
);
