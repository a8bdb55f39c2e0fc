import { readJson, withApiAccount } from "@/server/api";
import { getPolicy } from "@/server/policies/get-policy";
import { publishPolicy } from "@/server/policies/publish-policy";

type P = { id: string };

export const GET = withApiAccount<P>(async (ctx, _request, { id }) => getPolicy(ctx, id), { role: "viewer" });

/** Publishes the body (a bare policy document) as the next version; `?comment=` names it. */
export const PUT = withApiAccount<P>(
  async (ctx, request, { id }) => {
    const comment = new URL(request.url).searchParams.get("comment");
    return publishPolicy(ctx, id, { document: await readJson(request), comment });
  },
  { role: "policy_manager" },
);
