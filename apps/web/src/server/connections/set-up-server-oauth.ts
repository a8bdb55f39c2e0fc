// Discovery and client registration for an `oauth` server, done before anything is stored: the server's protected
// resource metadata, its authorization server's metadata, then Gatehouse registered there (client ID metadata
// document, dynamic registration, or the client id an admin entered). Each problem is a 422 naming the field.
import type { Prisma } from "@gatehouse/db";
import { encryptSecret } from "@gatehouse/db/secrets";
import {
  discoverUpstreamOAuth,
  isUpstreamError,
  probeUpstreamAuth,
  registerUpstreamClient,
  type UpstreamOAuthProbe,
} from "@gatehouse/upstream";
import type { TSettings } from "../context";
import { AppError } from "../errors";
import { clientMetadataUrl, oauthCallbackUrl } from "./oauth-urls";

/** The UpstreamOAuthClient row to store (without the server and account ids). */
export interface TServerOAuthSetup {
  resource: string;
  resourceMetadataUrl: string | null;
  issuer: string;
  metadata: Prisma.InputJsonValue;
  scope: string | null;
  registration: string;
  clientId: string;
  clientSecretEnc: string | null;
}

export function detectUpstreamOAuth(url: string, settings: TSettings): Promise<UpstreamOAuthProbe> {
  return probeUpstreamAuth(url, { allowPrivate: settings.allowPrivateUpstreams });
}

function refusal(error: unknown, path: string): never {
  if (isUpstreamError(error)) {
    throw new AppError("validation_failed", `OAuth setup failed: ${error.message}`, [
      { path, message: error.message },
    ]);
  }
  throw error;
}

export async function setUpServerOAuth(
  url: string,
  settings: TSettings,
  options: { probe?: UpstreamOAuthProbe; manual?: { clientId: string; clientSecret?: string | undefined } },
): Promise<TServerOAuthSetup> {
  const allowPrivate = settings.allowPrivateUpstreams;
  const probe = options.probe ?? (await detectUpstreamOAuth(url, settings));
  const discovery = await discoverUpstreamOAuth(url, {
    allowPrivate,
    resourceMetadataUrl: probe.resourceMetadataUrl,
    scope: probe.scope,
  }).catch((error: unknown) => refusal(error, "/url"));
  const client = await registerUpstreamClient(discovery, {
    allowPrivate,
    clientMetadataUrl: clientMetadataUrl(settings),
    redirectUri: oauthCallbackUrl(settings),
    manual: options.manual,
  }).catch((error: unknown) => refusal(error, "/oauthClient/clientId"));
  return {
    resource: discovery.resource,
    resourceMetadataUrl: discovery.resourceMetadataUrl ?? null,
    issuer: discovery.issuer,
    metadata: JSON.parse(JSON.stringify(discovery.metadata)) as Prisma.InputJsonValue,
    scope: discovery.scope ?? null,
    registration: client.registration,
    clientId: client.clientId,
    clientSecretEnc: client.clientSecret ? encryptSecret(client.clientSecret, settings.secretKey) : null,
  };
}
