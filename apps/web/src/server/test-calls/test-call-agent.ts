// The identity a dashboard test call runs as: a built-in agent per member, named after them ("Dashboard test call —
// alice@example.com") so the activity log says whose test it was, scoped to the server being tested under its
// default policy, and given a key that lives for one call (expires within minutes, revoked right after).
import { generateAgentKey } from "@gatehouse/db/secrets";
import type { AccountContext } from "../context";
import { AppError } from "../errors";

const KEY_LIFETIME_MS = 2 * 60 * 1000;

export function testCallAgentName(memberLabel: string): string {
  return `Dashboard test call — ${memberLabel}`;
}

export interface TTestCallIdentity {
  agentId: string;
  agentName: string;
  keyId: string;
  key: string;
}

export async function issueTestCallIdentity(
  ctx: AccountContext,
  serverId: string,
): Promise<TTestCallIdentity> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("bad_request", "Test calls are sent by a signed-in member, not a token");
  const name = testCallAgentName(ctx.actor.label);
  const agent = await ctx.db.agent.upsert({
    where: { organizationId_testCallUserId: { organizationId: ctx.organizationId, testCallUserId: userId } },
    create: {
      organizationId: ctx.organizationId,
      name,
      description: "Built in: the test calls this member sends from the dashboard",
      testCallUserId: userId,
    },
    // The member's address may have changed since the last test.
    update: { name },
    select: { id: true, name: true },
  });
  await ctx.db.agentServer.upsert({
    where: { agentId_serverId: { agentId: agent.id, serverId } },
    create: { agentId: agent.id, serverId },
    update: {},
  });
  const key = generateAgentKey();
  const row = await ctx.db.agentKey.create({
    data: {
      organizationId: ctx.organizationId,
      agentId: agent.id,
      name: "test call",
      prefix: key.prefix,
      keyHash: key.hash,
      createdById: userId,
      expiresAt: new Date(Date.now() + KEY_LIFETIME_MS),
    },
    select: { id: true },
  });
  return { agentId: agent.id, agentName: agent.name, keyId: row.id, key: key.value };
}

export async function retireTestCallKey(ctx: AccountContext, keyId: string): Promise<void> {
  await ctx.db.agentKey.updateMany({
    where: { organizationId: ctx.organizationId, id: keyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
