// The clients of Gatehouse's authorization server, as the MCP SDK's handlers ask for them: dynamically registered
// ones (RFC 7591; a secret, when there is one, encrypted at rest) and those known by their client ID metadata
// document URL (fetched on first use and again once an hour, kept in the same table).
import type { DbClient, Prisma } from "@gatehouse/db";
import { decryptSecret, encryptSecret } from "@gatehouse/db/secrets";
import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import {
  CustomOAuthError,
  InvalidClientMetadataError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";
import { fetchClientMetadata, isMetadataDocumentUrl } from "./fetch-client-metadata";
import type { TOAuthDeps } from "./oauth-settings";
import { redirectUriProblem } from "./redirect-uris";

const METADATA_DOCUMENT_TTL_MS = 3600_000;

type TClientRow = Prisma.OAuthClientGetPayload<{ omit: { clientSecretEnc: false } }>;

function toInformation(row: TClientRow, secretKey: Buffer): OAuthClientInformationFull {
  const metadata = row.metadata as unknown as OAuthClientInformationFull;
  const info: OAuthClientInformationFull = { ...metadata, client_id: row.clientId };
  if (row.clientSecretEnc) info.client_secret = decryptSecret(row.clientSecretEnc, secretKey);
  return info;
}

/** The stored row of a client (its id is what grants and agents refer to). */
export async function findClientRow(db: DbClient, clientId: string) {
  return db.oAuthClient.findUnique({ where: { clientId } });
}

export function createClientsStore({ db, settings }: TOAuthDeps): OAuthRegisteredClientsStore {
  async function metadataDocumentClient(clientId: string): Promise<OAuthClientInformationFull> {
    const cached = await db.oAuthClient.findUnique({ where: { clientId }, omit: { clientSecretEnc: false } });
    if (cached?.fetchedAt && Date.now() - cached.fetchedAt.getTime() < METADATA_DOCUMENT_TTL_MS) {
      return toInformation(cached, settings.secretKey);
    }
    const metadata = await fetchClientMetadata(clientId, { allowPrivate: settings.allowPrivateAddresses });
    const data = {
      kind: "metadata_document" as const,
      name: metadata.client_name ?? null,
      uri: metadata.client_uri ?? null,
      logoUri: metadata.logo_uri ?? null,
      redirectUris: metadata.redirect_uris,
      tokenEndpointAuthMethod: "none",
      metadata: { ...metadata, client_id: clientId } as Prisma.InputJsonValue,
      fetchedAt: new Date(),
    };
    const row = await db.oAuthClient.upsert({
      where: { clientId },
      create: { clientId, ...data },
      update: data,
      omit: { clientSecretEnc: false },
    });
    return toInformation(row, settings.secretKey);
  }

  return {
    async getClient(clientId) {
      if (isMetadataDocumentUrl(clientId)) return metadataDocumentClient(clientId);
      const row = await db.oAuthClient.findUnique({ where: { clientId }, omit: { clientSecretEnc: false } });
      if (row?.kind !== "dynamic") return undefined;
      return toInformation(row, settings.secretKey);
    },

    async registerClient(client) {
      for (const uri of client.redirect_uris) {
        const problem = redirectUriProblem(uri);
        // RFC 7591 §3.2.2 names this refusal.
        if (problem) throw new CustomOAuthError("invalid_redirect_uri", problem);
      }
      const grantTypes = client.grant_types ?? ["authorization_code"];
      if (grantTypes.some((type) => type !== "authorization_code" && type !== "refresh_token")) {
        throw new InvalidClientMetadataError(
          "Only the authorization_code and refresh_token grants are supported",
        );
      }
      // The SDK's handler generated client_id and, unless the client is public, a secret; the token endpoint reads
      // a secret from the body only, so a client asking for HTTP Basic is registered for client_secret_post.
      const { client_secret: secret, ...rest } = client as OAuthClientInformationFull;
      const method = secret ? "client_secret_post" : "none";
      const info: OAuthClientInformationFull = { ...rest, token_endpoint_auth_method: method };
      await db.oAuthClient.create({
        data: {
          clientId: info.client_id,
          kind: "dynamic",
          name: info.client_name ?? null,
          uri: info.client_uri ?? null,
          logoUri: info.logo_uri ?? null,
          redirectUris: info.redirect_uris,
          tokenEndpointAuthMethod: method,
          clientSecretEnc: secret ? encryptSecret(secret, settings.secretKey) : null,
          metadata: info as unknown as Prisma.InputJsonValue,
        },
      });
      return secret ? { ...info, client_secret: secret } : info;
    },
  };
}
