// Disconnects an upstream OAuth connection: its tokens are deleted (and, where the authorization server offers
// revocation, the refresh token revoked there, best effort). Calls that needed it are then told to connect.
import { decryptSecret } from "@gatehouse/db/secrets";
import { createOAuthFetch } from "@gatehouse/upstream";
import { recordAdminEvent } from "../audit/record-admin-event";
import type { AccountContext } from "../context";
import { resolveConnectionSubject } from "./connection-subject";
import { loadOAuthClient } from "./load-oauth-client";

export async function disconnectUpstream(
  ctx: AccountContext,
  serverIdOrSlug: string,
  options: { agentId?: string } = {},
): Promise<void> {
  const { server, agent, subject } = await resolveConnectionSubject(ctx, serverIdOrSlug, options.agentId);
  const row = await ctx.db.upstreamConnection.findUnique({
    where: { serverId_subject: { serverId: server.id, subject } },
    omit: { refreshTokenEnc: false },
  });
  if (!row) return;
  await ctx.db.upstreamConnection.delete({ where: { id: row.id } });
  await recordAdminEvent(ctx, {
    action: "server.disconnected",
    targetType: agent ? "agent" : "server",
    targetId: agent?.id ?? server.id,
    details: { server: server.slug },
  });
  const client = await loadOAuthClient(ctx, server.id);
  const endpoint = (client.metadata as { revocation_endpoint?: string }).revocation_endpoint;
  if (!endpoint || !row.refreshTokenEnc) return;
  const body = new URLSearchParams({
    token: decryptSecret(row.refreshTokenEnc, ctx.settings.secretKey),
    token_type_hint: "refresh_token",
    client_id: client.clientId,
    ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
  });
  await createOAuthFetch({ allowPrivate: ctx.settings.allowPrivateUpstreams, timeoutMs: 5000 })(endpoint, {
    method: "POST",
    body,
  })
    .then((response) => response.body?.cancel())
    .catch(() => undefined);
}
