// The user's answer on the consent page, as the URL to send the browser back to the client with (always with
// `iss`, RFC 9207). Allow (admins and policy managers only): the agent of kind `oauth` for this user, client and
// server is created or reused, scoped to the server under the chosen policy, and a new grant and a single-use code
// (stored as a hash) are made. Deny: access_denied; a resource outside the user's accounts: invalid_target.
import { randomBytes } from "node:crypto";
import { hashToken } from "@gatehouse/db/secrets";
import { recordAdminEvent } from "../audit/record-admin-event";
import { hasRole } from "../context";
import { AppError } from "../errors";
import {
  agentSuffix,
  loadConsentRequest,
  resolveConsentTarget,
  type TConsentRequest,
} from "./consent-request";
import { AUTHORIZATION_CODE_TTL_MS, type TOAuthDeps } from "./oauth-settings";
import { authorizationResponse } from "./start-authorization";

export type TConsentDecision = { allow: true; policyId?: string | undefined } | { allow: false };

export async function decideConsent(
  deps: TOAuthDeps,
  user: { id: string; email: string },
  requestId: string,
  decision: TConsentDecision,
): Promise<string> {
  const request = await loadConsentRequest(deps, requestId);
  if (!request) throw new AppError("not_found", "This sign-in request has expired or was already answered.");
  const target = await resolveConsentTarget(deps, request, user.id);
  const answer = (params: Record<string, string>) =>
    authorizationResponse(deps.settings.issuer, request.redirectUri, { ...params, state: request.state });
  if (!decision.allow || !target) {
    await complete(deps, request.id);
    return target
      ? answer({ error: "access_denied", error_description: "The user denied access" })
      : answer({
          error: "invalid_target",
          error_description: "The resource is not in an account of the user",
        });
  }
  if (!hasRole(target.role, "policy_manager")) {
    throw new AppError("forbidden", "Only admins and policy managers of this account may allow a client.");
  }
  const policyId = decision.policyId || null;
  if (policyId) {
    const policy = await deps.db.policy.findFirst({ where: { id: policyId, serverId: target.server.id } });
    if (!policy) throw new AppError("not_found", "That policy is not one of this server's");
  }
  await complete(deps, request.id);
  const code = randomBytes(32).toString("base64url");
  const agentId = await deps.db.$transaction(async (tx) => {
    const agent = await findOrCreateAgent(tx, request, target, user, policyId);
    const grant = await tx.oAuthGrant.create({
      data: {
        organizationId: target.account.id,
        agentId: agent.id,
        clientId: request.clientId,
        userId: user.id,
        serverId: target.server.id,
        resource: request.resource,
        scope: request.scope,
      },
    });
    await tx.oAuthAuthorizationCode.create({
      data: {
        grantId: grant.id,
        codeHash: hashToken(code),
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        expiresAt: new Date(Date.now() + AUTHORIZATION_CODE_TTL_MS),
      },
    });
    return agent.id;
  });
  await recordAdminEvent(
    {
      db: deps.db,
      organizationId: target.account.id,
      accountSlug: target.account.slug,
      role: target.role,
      actor: { userId: user.id, tokenId: null, label: user.email },
      settings: {
        gatewayPublicUrl: deps.settings.gatewayPublicUrl,
        webPublicUrl: deps.settings.issuer,
        allowPrivateUpstreams: deps.settings.allowPrivateAddresses,
        allowStdio: false,
        secretKey: deps.settings.secretKey,
      },
    },
    {
      action: "oauth.consent",
      targetType: "agent",
      targetId: agentId,
      details: { client: request.client.clientId, server: target.server.slug, policyId },
    },
  );
  return answer({ code });
}

async function complete(deps: TOAuthDeps, requestId: string): Promise<void> {
  const done = await deps.db.oAuthAuthorizationRequest.updateMany({
    where: { id: requestId, completedAt: null },
    data: { completedAt: new Date() },
  });
  if (done.count === 0) throw new AppError("conflict", "This sign-in request was already answered.");
}

type TTx = Parameters<Parameters<TOAuthDeps["db"]["$transaction"]>[0]>[0];
type TTarget = NonNullable<Awaited<ReturnType<typeof resolveConsentTarget>>>;

async function findOrCreateAgent(
  tx: TTx,
  request: TConsentRequest,
  target: TTarget,
  user: { id: string; email: string },
  policyId: string | null,
) {
  const existing = await tx.agent.findFirst({
    where: {
      organizationId: target.account.id,
      kind: "oauth",
      oauthUserId: user.id,
      oauthClientId: request.clientId,
      oauthServerId: target.server.id,
    },
  });
  if (existing) {
    await tx.agentServer.upsert({
      where: { agentId_serverId: { agentId: existing.id, serverId: target.server.id } },
      create: { agentId: existing.id, serverId: target.server.id, policyId },
      update: { policyId },
    });
    return existing;
  }
  const base = `${request.client.name ?? "OAuth client"} (${user.email})`;
  for (const name of [base, `${base} · ${target.server.slug}`, `${base} · ${agentSuffix()}`]) {
    const taken = await tx.agent.findFirst({
      where: { organizationId: target.account.id, name },
      select: { id: true },
    });
    if (taken) continue;
    return tx.agent.create({
      data: {
        organizationId: target.account.id,
        name,
        description: `Signed in with OAuth from ${request.client.name ?? request.client.clientId}`,
        kind: "oauth",
        oauthClientId: request.clientId,
        oauthUserId: user.id,
        oauthServerId: target.server.id,
        servers: { create: [{ serverId: target.server.id, policyId }] },
      },
    });
  }
  throw new AppError("conflict", "Could not name the agent for this sign-in; try again.");
}
