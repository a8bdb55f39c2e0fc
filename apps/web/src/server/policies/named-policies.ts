// A server's named policies: the default one plus any others an agent's scope can name (DESIGN §4).
import type { Prisma } from "@gatehouse/db";
import { z } from "zod";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { AppError } from "../errors";
import { findServer } from "../servers/get-server";
import { validateDocument } from "./validate-document";

export interface TPolicySummary {
  id: string;
  name: string;
  isDefault: boolean;
  version: number | null;
  draftUpdatedAt: string | null;
  agents: number;
}

export const ZCreatePolicySchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores"),
    draft: z.unknown().optional(),
  })
  .strict();

export async function listPolicies(ctx: AccountContext, serverIdOrSlug: string): Promise<TPolicySummary[]> {
  const server = await findServer(ctx, serverIdOrSlug);
  const policies = await ctx.db.policy.findMany({
    where: { organizationId: ctx.organizationId, serverId: server.id },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
    include: { _count: { select: { agentScopes: true } } },
  });
  return policies.map((policy) => ({
    id: policy.id,
    name: policy.name,
    isDefault: policy.isDefault,
    version: policy.currentVersion,
    draftUpdatedAt: policy.draftUpdatedAt?.toISOString() ?? null,
    agents: policy._count.agentScopes,
  }));
}

export async function createPolicy(
  ctx: AccountContext,
  serverIdOrSlug: string,
  input: z.input<typeof ZCreatePolicySchema>,
): Promise<TPolicySummary> {
  const server = await findServer(ctx, serverIdOrSlug);
  const data = ZCreatePolicySchema.parse(input);
  const draft = data.draft === undefined ? undefined : validateDocument(data.draft);
  const taken = await ctx.db.policy.findFirst({
    where: { serverId: server.id, name: data.name },
    select: { id: true },
  });
  if (taken) throw new AppError("conflict", `This server already has a policy named "${data.name}"`);
  const policy = await ctx.db.policy.create({
    data: {
      organizationId: ctx.organizationId,
      serverId: server.id,
      name: data.name,
      ...(draft ? { draft: draft as unknown as Prisma.InputJsonObject, draftUpdatedAt: new Date() } : {}),
    },
  });
  await recordAdminEvent(ctx, {
    action: "policy.create",
    targetType: "policy",
    targetId: policy.id,
    details: { server: server.slug, name: data.name },
  });
  return {
    id: policy.id,
    name: policy.name,
    isDefault: false,
    version: null,
    draftUpdatedAt: null,
    agents: 0,
  };
}
