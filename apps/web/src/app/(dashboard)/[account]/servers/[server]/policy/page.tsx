import { type TPolicy, validatePolicy } from "@gatehouse/policy";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Versions } from "@/components/policy/versions";
import { PolicyWorkbench } from "@/components/policy/workbench";
import { getAccountContext } from "@/server/auth";
import { hasRole } from "@/server/context";
import { getPolicy } from "@/server/policies/get-policy";
import { listPolicyVersions } from "@/server/policies/list-policy-versions";
import { listPolicies } from "@/server/policies/named-policies";
import { listTools } from "@/server/tools/list-tools";
import { getServerForPage } from "../load";
import { PolicyPicker } from "./policy-picker";

export const metadata: Metadata = { title: "Policy" };

function asPolicy(value: unknown): TPolicy | null {
  if (value === null || value === undefined) return null;
  const result = validatePolicy(value);
  return result.ok ? (value as TPolicy) : null;
}

export default async function PolicyPage({
  params,
  searchParams,
}: {
  params: Promise<{ account: string; server: string }>;
  searchParams: Promise<{ policy?: string }>;
}) {
  const { account, server: slug } = await params;
  const { policy: requested } = await searchParams;
  const ctx = await getAccountContext(account);
  const server = await getServerForPage(ctx, slug);
  const policies = await listPolicies(ctx, server.id);
  const selected = requested
    ? policies.find((policy) => policy.id === requested)
    : policies.find((p) => p.isDefault);
  if (!selected) notFound();
  const policyId = selected.isDefault ? undefined : selected.id;
  const [tools, state, versions] = await Promise.all([
    listTools(ctx, server.id),
    getPolicy(ctx, server.id, policyId),
    listPolicyVersions(ctx, server.id, policyId),
  ]);
  const canEdit = hasRole(ctx.role, "policy_manager");
  return (
    <div className="space-y-6">
      <PolicyPicker
        account={account}
        serverId={server.id}
        base={`/${account}/servers/${server.slug}/policy`}
        policies={policies}
        selectedId={selected.id}
        canEdit={canEdit}
      />
      <PolicyWorkbench
        key={selected.id}
        account={account}
        serverId={server.id}
        {...(policyId ? { policyId } : {})}
        policyName={selected.name}
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
        policyId={policyId}
        canEdit={canEdit}
        versions={versions.map(({ policy: _document, ...version }) => version)}
      />
    </div>
  );
}
