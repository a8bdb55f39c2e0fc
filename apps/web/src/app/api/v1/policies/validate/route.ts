import { readJson, withApiAccount } from "@/server/api";
import { validateDocument } from "@/server/policies/validate-document";

export const POST = withApiAccount(
  async (_ctx, request) => ({ valid: true, policy: validateDocument(await readJson(request)) }),
  { role: "viewer" },
);
