import { readJson, withApiAccount } from "@/server/api";
import { simulatePolicy, type TSimulate } from "@/server/policies/simulate-policy";

export const POST = withApiAccount<{ id: string }>(
  async (ctx, request, { id }) => simulatePolicy(ctx, id, (await readJson(request)) as TSimulate),
  { role: "viewer" },
);
