import { type TPolicy, validatePolicy } from "@gatehouse/policy";
import type { Metadata } from "next";
import { Versions } from "@/components/policy/versions";
import { PolicyWorkbench } from "@/components/policy/workbench";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { getPolicy } from "@/server/policies/get-policy";
import { listPolicyVersions } from "@/server/policies/list-policy-versions";
import { listTools } from "@/server/tools/list-tools";
import { getServerForPage } from "../load";

export const metadata: Metadata = { title: "Policy" };

function asPolicy(value: unknown): TPolicy | null {
  if (value === null || value === undefined) return null;
  const result = validatePolicy(value);
  return result.ok ? (value as TPolicy) : null;
}

export default async function PolicyPage({
  params,
}: {
  params: Promise<{ account: string; server: string }>;
}) {
  const { account, server: slug } = await params;
  const ctx = await getAccountContext(account);
  const server = await getServerForPage(ctx, slug);
  const [tools, state, versions] = await Promise.all([
    listTools(ctx, server.id),
    getPolicy(ctx, server.id),
    listPolicyVersions(ctx, server.id),
  ]);
  const canEdit = hasRole(ctx.role, "policy_manager");
  return (
    <div className="space-y-6">
      <PolicyWorkbench
        account={account}
        serverId={server.id}
        tools={tools.map((tool) => ({
          name: tool.name,
          description: tool.description,
          riskCategory: tool.riskCategory,
          riskLevel: tool.riskLevel,
        }))}
        published={asPolicy(state.policy)}
        publishedVersion={state.version}
        draft={asPolicy(state.draft)}
        canEdit={canEdit}
      />
      <Versions
        account={account}
        serverId={server.id}
        canEdit={canEdit}
        versions={versions.map(({ policy: _document, ...version }) => version)}
      />
    </div>
  );
}
