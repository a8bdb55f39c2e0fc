// Starts a sign-in at an `oauth` server's authorization server: a single-use state (only its hash stored) that
// expires in 10 minutes, the PKCE verifier kept encrypted until the callback, and the authorization URL to open.
import { randomBytes } from "node:crypto";
import { encryptSecret, hashToken } from "@gatehouse/db/secrets";
import { beginUpstreamAuthorization } from "@gatehouse/upstream";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { resolveConnectionSubject } from "./connection-subject";
import { loadOAuthClient } from "./load-oauth-client";
import { AUTH_STATE_TTL_MS, oauthCallbackUrl } from "./oauth-urls";

export async function startUpstreamConnect(
  ctx: AccountContext,
  serverIdOrSlug: string,
  options: { agentId?: string; returnTo?: string } = {},
): Promise<{ authorizationUrl: string; expiresAt: string }> {
  const { server, agent } = await resolveConnectionSubject(ctx, serverIdOrSlug, options.agentId);
  const client = await loadOAuthClient(ctx, server.id);
  const state = randomBytes(32).toString("base64url");
  const { authorizationUrl, codeVerifier } = await beginUpstreamAuthorization(client, {
    redirectUri: oauthCallbackUrl(ctx.settings),
    state,
  });
  const now = Date.now();
  const expiresAt = new Date(now + AUTH_STATE_TTL_MS);
  // Abandoned sign-ins of this account are swept as new ones start.
  await ctx.db.upstreamAuthState.deleteMany({
    where: { organizationId: ctx.organizationId, expiresAt: { lt: new Date(now) } },
  });
  await ctx.db.upstreamAuthState.create({
    data: {
      organizationId: ctx.organizationId,
      serverId: server.id,
      agentId: agent?.id ?? null,
      stateHash: hashToken(state),
      codeVerifierEnc: encryptSecret(codeVerifier, ctx.settings.secretKey),
      createdById: ctx.actor.userId,
      returnTo:
        options.returnTo?.startsWith("/") && !options.returnTo.startsWith("//") ? options.returnTo : null,
      expiresAt,
    },
  });
  await recordAdminEvent(ctx, {
    action: "server.connect_started",
    targetType: agent ? "agent" : "server",
    targetId: agent?.id ?? server.id,
    details: { server: server.slug, ...(agent ? { agent: agent.name } : {}) },
  });
  return { authorizationUrl, expiresAt: expiresAt.toISOString() };
}
