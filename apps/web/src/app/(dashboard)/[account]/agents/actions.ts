"use server";
// Server actions for agents and keys: thin adapters over the domain operations.
import { revalidatePath } from "next/cache";
import type { TCreateAgent, TCreateKey, TUpdateAgent } from "@/server/agents/agent-schemas";
import { createAgent } from "@/server/agents/create-agent";
import { createAgentKey } from "@/server/agents/create-agent-key";
import { deleteAgent } from "@/server/agents/delete-agent";
import { revokeAgentAccess } from "@/server/agents/revoke-agent-access";
import { revokeAgentKey } from "@/server/agents/revoke-agent-key";
import { updateAgent } from "@/server/agents/update-agent";
import { withAccount } from "@/server/auth";

export const createAgentAction = withAccount(
  async (ctx, input: TCreateAgent) => {
    const result = await createAgent(ctx, input);
    revalidatePath(`/${ctx.accountSlug}/agents`);
    return result;
  },
  { role: "admin" },
);

export const updateAgentAction = withAccount(
  async (ctx, id: string, input: TUpdateAgent) => {
    const agent = await updateAgent(ctx, id, input);
    revalidatePath(`/${ctx.accountSlug}/agents`, "layout");
    return agent;
  },
  { role: "admin" },
);

export const deleteAgentAction = withAccount(
  async (ctx, id: string) => {
    await deleteAgent(ctx, id);
    revalidatePath(`/${ctx.accountSlug}/agents`, "layout");
  },
  { role: "admin" },
);

export const createKeyAction = withAccount(
  async (ctx, agentId: string, input: TCreateKey) => {
    const key = await createAgentKey(ctx, agentId, input);
    revalidatePath(`/${ctx.accountSlug}/agents`, "layout");
    return key;
  },
  { role: "admin" },
);

export const revokeKeyAction = withAccount(
  async (ctx, keyId: string) => {
    const key = await revokeAgentKey(ctx, keyId);
    revalidatePath(`/${ctx.accountSlug}/agents`, "layout");
    return key;
  },
  { role: "admin" },
);

export const revokeAccessAction = withAccount(
  async (ctx, agentId: string) => {
    const agent = await revokeAgentAccess(ctx, agentId);
    revalidatePath(`/${ctx.accountSlug}/agents`, "layout");
    return agent;
  },
  { role: "admin" },
);
