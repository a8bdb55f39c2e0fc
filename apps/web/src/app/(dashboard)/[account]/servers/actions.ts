"use server";
// Server actions for servers, tools and policies: thin adapters over the domain operations.
import { revalidatePath } from "next/cache";
import { withAccount } from "@/server/auth";
import { getPolicy } from "@/server/policies/get-policy";
import { createPolicy } from "@/server/policies/named-policies";
import { publishPolicy } from "@/server/policies/publish-policy";
import { restorePolicyVersion } from "@/server/policies/restore-policy-version";
import { savePolicyDraft } from "@/server/policies/save-policy-draft";
import { simulatePolicy, type TSimulate } from "@/server/policies/simulate-policy";
import { checkConnection } from "@/server/servers/check-connection";
import { deleteServer } from "@/server/servers/delete-server";
import { findServer } from "@/server/servers/get-server";
import { registerServer } from "@/server/servers/register-server";
import type { TRegisterServer, TUpdateServer } from "@/server/servers/server-schemas";
import { updateServer } from "@/server/servers/update-server";
import { sendTestCall, type TTestCall } from "@/server/test-calls/send-test-call";
import { acceptToolDefinition } from "@/server/tools/accept-tool-definition";
import { syncServerTools } from "@/server/tools/sync-server-tools";

export const checkConnectionAction = withAccount(
  async (ctx, input: TRegisterServer) => checkConnection(ctx, input),
  { role: "policy_manager" },
);

export const registerServerAction = withAccount(
  async (ctx, input: TRegisterServer) => registerServer(ctx, input),
  { role: "policy_manager" },
);

export const updateServerAction = withAccount(
  async (ctx, serverId: string, input: TUpdateServer) => {
    const server = await updateServer(ctx, serverId, input);
    revalidatePath(`/${ctx.accountSlug}/servers`, "layout");
    return server;
  },
  { role: "policy_manager" },
);

export const deleteServerAction = withAccount(
  async (ctx, serverId: string) => {
    await deleteServer(ctx, serverId);
    revalidatePath(`/${ctx.accountSlug}/servers`);
  },
  { role: "admin" },
);

export const syncServerAction = withAccount(
  async (ctx, serverId: string) => {
    const server = await findServer(ctx, serverId);
    const result = await syncServerTools(ctx, server.id);
    revalidatePath(`/${ctx.accountSlug}/servers/${server.slug}`, "layout");
    return { count: result.tools.length, changed: result.tools.filter((tool) => tool.changed).length };
  },
  { role: "policy_manager" },
);

export const acceptToolAction = withAccount(
  async (ctx, serverId: string, name: string) => {
    const tool = await acceptToolDefinition(ctx, serverId, name);
    revalidatePath(`/${ctx.accountSlug}/servers`, "layout");
    return tool;
  },
  { role: "policy_manager" },
);

export const saveDraftAction = withAccount(
  async (ctx, serverId: string, document: unknown, policyId?: string) =>
    savePolicyDraft(ctx, serverId, document, policyId),
  { role: "policy_manager" },
);

export const publishPolicyAction = withAccount(
  async (ctx, serverId: string, document: unknown, comment: string, policyId?: string) => {
    const published = await publishPolicy(ctx, serverId, { document, comment, policyId });
    revalidatePath(`/${ctx.accountSlug}/servers`, "layout");
    return published;
  },
  { role: "policy_manager" },
);

export const restoreVersionAction = withAccount(
  async (ctx, serverId: string, version: number, policyId?: string) => {
    const published = await restorePolicyVersion(ctx, serverId, version, policyId);
    revalidatePath(`/${ctx.accountSlug}/servers`, "layout");
    return published;
  },
  { role: "policy_manager" },
);

export const simulateAction = withAccount(
  async (ctx, serverId: string, input: TSimulate) => simulatePolicy(ctx, serverId, input),
  { role: "viewer" },
);

export const currentPolicyAction = withAccount(async (ctx, serverId: string) => getPolicy(ctx, serverId), {
  role: "viewer",
});

export const createPolicyAction = withAccount(
  async (ctx, serverId: string, name: string) => {
    const policy = await createPolicy(ctx, serverId, { name });
    revalidatePath(`/${ctx.accountSlug}/servers`, "layout");
    return policy;
  },
  { role: "policy_manager" },
);

export const sendTestCallAction = withAccount(
  async (ctx, serverId: string, input: TTestCall) => {
    const result = await sendTestCall(ctx, serverId, input);
    revalidatePath(`/${ctx.accountSlug}`, "layout");
    return result;
  },
  { role: "policy_manager" },
);
