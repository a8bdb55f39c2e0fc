import { readJson, withApiAccount } from "@/server/api";
import { getPolicy } from "@/server/policies/get-policy";
import { publishPolicy } from "@/server/policies/publish-policy";

type P = { id: string; policyId: string };

export const GET = withApiAccount<P>(
  async (ctx, _request, { id, policyId }) => getPolicy(ctx, id, policyId),
  {
    role: "viewer",
  },
);

export const PUT = withApiAccount<P>(
  async (ctx, request, { id, policyId }) => {
    const comment = new URL(request.url).searchParams.get("comment");
    return publishPolicy(ctx, id, { document: await readJson(request), comment, policyId });
  },
  { role: "policy_manager" },
);
