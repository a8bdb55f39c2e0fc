import { readJson, withApiAccount } from "@/server/api";
import { getPolicy } from "@/server/policies/get-policy";
import { savePolicyDraft } from "@/server/policies/save-policy-draft";

type P = { id: string; policyId: string };

export const GET = withApiAccount<P>(
  async (ctx, _request, { id, policyId }) => {
    const state = await getPolicy(ctx, id, policyId);
    return { policyId: state.policyId, draft: state.draft, draftUpdatedAt: state.draftUpdatedAt };
  },
  { role: "viewer" },
);

export const PUT = withApiAccount<P>(
  async (ctx, request, { id, policyId }) => savePolicyDraft(ctx, id, await readJson(request), policyId),
  { role: "policy_manager" },
);
