// The shared Prisma client. Secret columns are omitted by default, so a query has to ask for one by name
// (`omit: { keyHash: false }`) before it can leave the database.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

export const SECRET_COLUMNS = {
  user: { passwordHash: true, totpSecretEnc: true },
  recoveryCode: { codeHash: true },
  organization: { approvalWebhookSecretEnc: true },
  server: { headersEnc: true, envEnc: true },
  agentKey: { keyHash: true },
  apiToken: { tokenHash: true },
  invitation: { tokenHash: true },
  approvalRequest: { argumentsEnc: true },
  upstreamOAuthClient: { clientSecretEnc: true },
  upstreamConnection: { accessTokenEnc: true, refreshTokenEnc: true },
  upstreamAuthState: { codeVerifierEnc: true },
  oAuthClient: { clientSecretEnc: true },
  oAuthAuthorizationCode: { codeHash: true },
  oAuthRefreshToken: { tokenHash: true },
} as const;

export interface DbClientOptions {
  /** Pool size; the embedded database runs one query at a time, so more buys little there. */
  maxConnections?: number;
}

function createClient(url: string, options: DbClientOptions) {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections ?? 5 });
  return new PrismaClient({ adapter, omit: SECRET_COLUMNS });
}

export type DbClient = ReturnType<typeof createClient>;

export function createDbClient(url: string, options: DbClientOptions = {}): DbClient {
  return createClient(url, options);
}
