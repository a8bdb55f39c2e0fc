import { withApiAccount } from "@/server/api";
import { restorePolicyVersion } from "@/server/policies/restore-policy-version";

export const POST = withApiAccount<{ id: string; n: string }>(
  async (ctx, _request, { id, n }) => restorePolicyVersion(ctx, id, Number(n)),
  { role: "policy_manager" },
);
