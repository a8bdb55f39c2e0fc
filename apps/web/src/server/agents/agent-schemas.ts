// Agent and key request schemas, shared by the dashboard and the REST API.
import { z } from "zod";
import { ZExpiresAtSchema } from "../expires-at-schema";

export const ZAgentNameSchema = z
  .string()
  .trim()
  .min(1, "Give the agent a name")
  .max(64, "Use at most 64 characters")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "Use letters, digits, dots, dashes and underscores, e.g. alice-laptop",
  )
  .refine((name) => name !== "anonymous", "anonymous is the built-in agent of public servers");

export const ZAgentServerSchema = z
  .object({ serverId: z.string().uuid(), policyId: z.string().uuid().nullable().optional() })
  .strict();

export const ZCreateAgentSchema = z
  .object({
    name: ZAgentNameSchema,
    description: z.string().trim().max(500).optional(),
    serverIds: z.array(z.string().uuid()).max(200).optional(),
    servers: z.array(ZAgentServerSchema).max(200).optional(),
    expiresAt: ZExpiresAtSchema.optional(),
  })
  .strict();
export type TCreateAgent = z.input<typeof ZCreateAgentSchema>;

export const ZUpdateAgentSchema = z
  .object({
    name: ZAgentNameSchema.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    serverIds: z.array(z.string().uuid()).max(200).optional(),
    servers: z.array(ZAgentServerSchema).max(200).optional(),
    suspended: z.boolean().optional(),
  })
  .strict();
export type TUpdateAgent = z.input<typeof ZUpdateAgentSchema>;

export const ZCreateKeySchema = z
  .object({ name: z.string().trim().max(100).optional(), expiresAt: ZExpiresAtSchema.optional() })
  .strict();
export type TCreateKey = z.input<typeof ZCreateKeySchema>;

/** Normalises `serverIds` and `servers` into one list of scopes. */
export function scopesOf(input: {
  serverIds?: string[] | undefined;
  servers?: Array<{ serverId: string; policyId?: string | null | undefined }> | undefined;
}): Array<{ serverId: string; policyId: string | null }> | undefined {
  if (!input.servers && !input.serverIds) return undefined;
  const scopes = new Map<string, string | null>();
  for (const id of input.serverIds ?? []) scopes.set(id, null);
  for (const scope of input.servers ?? []) scopes.set(scope.serverId, scope.policyId ?? null);
  return [...scopes].map(([serverId, policyId]) => ({ serverId, policyId }));
}
