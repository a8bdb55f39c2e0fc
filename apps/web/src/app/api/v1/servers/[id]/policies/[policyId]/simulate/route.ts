import { readJson, withApiAccount } from "@/server/api";
import { simulatePolicy, type TSimulate } from "@/server/policies/simulate-policy";

export const POST = withApiAccount<{ id: string; policyId: string }>(
  async (ctx, request, { id, policyId }) =>
    simulatePolicy(ctx, id, { ...((await readJson(request)) as TSimulate), policyId }),
  { role: "viewer" },
);
