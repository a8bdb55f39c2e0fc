// A server's registration at its authorization server, as the OAuth flow needs it (the client secret decrypted).
import { decryptSecret } from "@gatehouse/db/secrets";
import type { UpstreamOAuthClientConfig } from "@gatehouse/upstream";
import type { AuthorizationServerMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { AccountContext } from "../context";
import { AppError } from "../errors";

export async function loadOAuthClient(
  ctx: Pick<AccountContext, "db" | "organizationId" | "settings">,
  serverId: string,
): Promise<UpstreamOAuthClientConfig> {
  const row = await ctx.db.upstreamOAuthClient.findFirst({
    where: { serverId, organizationId: ctx.organizationId },
    omit: { clientSecretEnc: false },
  });
  if (!row) throw new AppError("conflict", "This server does not use OAuth");
  return {
    issuer: row.issuer,
    metadata: row.metadata as unknown as AuthorizationServerMetadata,
    resource: row.resource,
    scope: row.scope ?? undefined,
    clientId: row.clientId,
    clientSecret: row.clientSecretEnc
      ? decryptSecret(row.clientSecretEnc, ctx.settings.secretKey)
      : undefined,
  };
}
