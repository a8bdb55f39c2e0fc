-- Upstream OAuth (DESIGN §10 "Upstream"): a server's auth kind and connection mode, how Gatehouse is registered at
-- its authorization server, the connections' (encrypted) tokens, and sign-ins in progress.

-- CreateEnum
CREATE TYPE "ServerAuth" AS ENUM ('none', 'headers', 'oauth');
CREATE TYPE "ConnectionMode" AS ENUM ('shared', 'per_agent');
CREATE TYPE "UpstreamConnectionStatus" AS ENUM ('connected', 'expired');

-- AlterTable
ALTER TABLE "Server" ADD COLUMN "auth" "ServerAuth" NOT NULL DEFAULT 'none',
ADD COLUMN "connectionMode" "ConnectionMode" NOT NULL DEFAULT 'shared';
UPDATE "Server" SET "auth" = 'headers' WHERE "headersEnc" IS NOT NULL;

ALTER TABLE "AuditEvent" ADD COLUMN "upstreamConnection" TEXT;

-- CreateTable
CREATE TABLE "UpstreamOAuthClient" (
    "serverId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "resourceMetadataUrl" TEXT,
    "issuer" TEXT NOT NULL,
    "metadata" JSONB NOT NULL,
    "scope" TEXT,
    "registration" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretEnc" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "UpstreamOAuthClient_pkey" PRIMARY KEY ("serverId")
);

CREATE TABLE "UpstreamConnection" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "agentId" UUID,
    "subject" TEXT NOT NULL,
    "status" "UpstreamConnectionStatus" NOT NULL DEFAULT 'connected',
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "expiresAt" TIMESTAMP(3),
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tokenVersion" INTEGER NOT NULL DEFAULT 0,
    "refreshLeaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "connectedById" UUID,
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refreshedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "UpstreamConnection_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "UpstreamAuthState" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "serverId" UUID NOT NULL,
    "agentId" UUID,
    "stateHash" TEXT NOT NULL,
    "codeVerifierEnc" TEXT NOT NULL,
    "createdById" UUID,
    "returnTo" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UpstreamAuthState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UpstreamOAuthClient_organizationId_idx" ON "UpstreamOAuthClient"("organizationId");
CREATE UNIQUE INDEX "UpstreamConnection_serverId_subject_key" ON "UpstreamConnection"("serverId", "subject");
CREATE INDEX "UpstreamConnection_organizationId_idx" ON "UpstreamConnection"("organizationId");
CREATE UNIQUE INDEX "UpstreamAuthState_stateHash_key" ON "UpstreamAuthState"("stateHash");
CREATE INDEX "UpstreamAuthState_expiresAt_idx" ON "UpstreamAuthState"("expiresAt");

-- AddForeignKey
ALTER TABLE "UpstreamOAuthClient" ADD CONSTRAINT "UpstreamOAuthClient_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UpstreamConnection" ADD CONSTRAINT "UpstreamConnection_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UpstreamConnection" ADD CONSTRAINT "UpstreamConnection_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UpstreamAuthState" ADD CONSTRAINT "UpstreamAuthState_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The gateways learn of a connection made, refreshed, expired or removed (never its tokens) through the change feed.
CREATE TRIGGER "UpstreamConnection_config_changed_insert_delete" AFTER INSERT OR DELETE ON "UpstreamConnection"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
CREATE TRIGGER "UpstreamConnection_config_changed_update" AFTER UPDATE ON "UpstreamConnection"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."tokenVersion" IS DISTINCT FROM NEW."tokenVersion")
  EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
CREATE TRIGGER "UpstreamOAuthClient_config_changed" AFTER INSERT OR UPDATE OR DELETE ON "UpstreamOAuthClient"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
