// The callback of a sign-in at an upstream ({WEB_PUBLIC_URL}/oauth/callback): the state is claimed once (deleted
// as it is read, so a replay finds nothing), checked for expiry and issuer, the code exchanged, and only then the
// connection stored, its tokens encrypted. Every refusal says what happened and stores nothing.
import type { DbClient } from "@gatehouse/db";
import { decryptSecret, encryptSecret, hashToken } from "@gatehouse/db/secrets";
import { checkAuthorizationIssuer, exchangeUpstreamCode, isUpstreamError } from "@gatehouse/upstream";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext, TSettings } from "../context";
import { AppError } from "../errors";
import { loadOAuthClient } from "./load-oauth-client";
import { oauthCallbackUrl } from "./oauth-urls";

export interface TCompletedConnect {
  accountSlug: string;
  serverSlug: string;
  serverName: string;
  agentId: string | null;
  returnTo: string | null;
}

async function claimState(db: DbClient, state: string) {
  try {
    return await db.upstreamAuthState.delete({
      where: { stateHash: hashToken(state) },
      omit: { codeVerifierEnc: false },
      include: { server: { select: { slug: true, name: true, organization: { select: { slug: true } } } } },
    });
  } catch {
    return undefined;
  }
}

export async function completeUpstreamConnect(
  deps: { db: DbClient; settings: TSettings },
  query: URLSearchParams,
): Promise<TCompletedConnect> {
  const state = query.get("state");
  if (!state)
    throw new AppError("bad_request", "This sign-in answer carries no state: start again with Connect");
  const claimed = await claimState(deps.db, state);
  if (!claimed) {
    throw new AppError(
      "bad_request",
      "This sign-in is unknown or was already used: start again with Connect in Gatehouse",
    );
  }
  if (claimed.expiresAt.getTime() < Date.now()) {
    throw new AppError(
      "bad_request",
      "This sign-in expired (sign-ins last 10 minutes): start again with Connect",
    );
  }
  const ctx: AccountContext = {
    db: deps.db,
    organizationId: claimed.organizationId,
    accountSlug: claimed.server.organization.slug,
    role: "admin",
    actor: { userId: claimed.createdById, tokenId: null, label: "upstream sign-in" },
    settings: deps.settings,
  };
  const error = query.get("error");
  if (error) {
    const description = query.get("error_description");
    throw new AppError(
      "upstream_refused",
      `The authorization server of ${claimed.server.name} refused the sign-in: ${error}${description ? ` (${description})` : ""}`,
    );
  }
  const code = query.get("code");
  if (!code) throw new AppError("bad_request", "This sign-in answer carries no authorization code");
  const client = await loadOAuthClient(ctx, claimed.serverId);
  let tokens: Awaited<ReturnType<typeof exchangeUpstreamCode>>;
  try {
    checkAuthorizationIssuer(client, query.get("iss"));
    tokens = await exchangeUpstreamCode(client, {
      code,
      codeVerifier: decryptSecret(claimed.codeVerifierEnc, deps.settings.secretKey),
      redirectUri: oauthCallbackUrl(deps.settings),
      allowPrivate: deps.settings.allowPrivateUpstreams,
    });
  } catch (failure: unknown) {
    if (isUpstreamError(failure)) throw new AppError("upstream_refused", failure.message);
    throw failure;
  }
  const key = deps.settings.secretKey;
  const subject = claimed.agentId ?? "shared";
  const stored = {
    status: "connected" as const,
    accessTokenEnc: encryptSecret(tokens.accessToken, key),
    refreshTokenEnc: tokens.refreshToken ? encryptSecret(tokens.refreshToken, key) : null,
    expiresAt: tokens.expiresAt ?? null,
    scopes: tokens.scopes,
    refreshLeaseUntil: null,
    lastError: null,
    connectedById: claimed.createdById,
    connectedAt: new Date(),
  };
  await deps.db.upstreamConnection.upsert({
    where: { serverId_subject: { serverId: claimed.serverId, subject } },
    create: {
      ...stored,
      organizationId: claimed.organizationId,
      serverId: claimed.serverId,
      agentId: claimed.agentId,
      subject,
    },
    update: { ...stored, tokenVersion: { increment: 1 } },
  });
  await recordAdminEvent(ctx, {
    action: "server.connected",
    targetType: claimed.agentId ? "agent" : "server",
    targetId: claimed.agentId ?? claimed.serverId,
    details: { server: claimed.server.slug, scopes: tokens.scopes },
  });
  return {
    accountSlug: claimed.server.organization.slug,
    serverSlug: claimed.server.slug,
    serverName: claimed.server.name,
    agentId: claimed.agentId,
    returnTo: claimed.returnTo,
  };
}
