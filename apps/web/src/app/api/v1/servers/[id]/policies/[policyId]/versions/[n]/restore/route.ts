import { withApiAccount } from "@/server/api";
import { restorePolicyVersion } from "@/server/policies/restore-policy-version";

export const POST = withApiAccount<{ id: string; policyId: string; n: string }>(
  async (ctx, _request, { id, policyId, n }) => restorePolicyVersion(ctx, id, Number(n), policyId),
  { role: "policy_manager" },
);
