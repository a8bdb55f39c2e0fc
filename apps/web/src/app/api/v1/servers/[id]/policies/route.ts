import { created, readJson, withApiAccount } from "@/server/api";
import { createPolicy, listPolicies } from "@/server/policies/named-policies";

type P = { id: string };

export const GET = withApiAccount<P>(
  async (ctx, _request, { id }) => ({ policies: await listPolicies(ctx, id) }),
  {
    role: "viewer",
  },
);

export const POST = withApiAccount<P>(
  async (ctx, request, { id }) =>
    created(await createPolicy(ctx, id, (await readJson(request)) as { name: string })),
  { role: "policy_manager" },
);
