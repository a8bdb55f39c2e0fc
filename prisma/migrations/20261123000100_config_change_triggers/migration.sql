-- Gateways cache each account's servers, agents, keys and published policies. Every change to what they enforce
-- appends a row to "ConfigChange" (polled by every replica; works on PGlite) and sends NOTIFY gatehouse_config
-- (the fast path on real Postgres). Triggers, not application code, so that no writer can forget.

CREATE FUNCTION "gatehouse_config_changed"() RETURNS trigger AS $$
DECLARE
  row_data jsonb;
  org text;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := to_jsonb(OLD); ELSE row_data := to_jsonb(NEW); END IF;
  IF TG_TABLE_NAME = 'AgentServer' THEN
    SELECT "organizationId"::text INTO org FROM "Agent" WHERE "id" = (row_data ->> 'agentId')::uuid;
  ELSE
    org := row_data ->> TG_ARGV[0];
  END IF;
  IF org IS NOT NULL THEN
    INSERT INTO "ConfigChange" ("organizationId", "entity") VALUES (org::uuid, TG_TABLE_NAME);
    PERFORM pg_notify('gatehouse_config', org);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Organization_config_changed" AFTER UPDATE OR DELETE ON "Organization"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('id');
CREATE TRIGGER "Server_config_changed" AFTER INSERT OR UPDATE OR DELETE ON "Server"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
CREATE TRIGGER "Policy_config_changed_insert_delete" AFTER INSERT OR DELETE ON "Policy"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
-- Draft edits do not change what is enforced: only publishing (currentVersion) and the default flag do.
CREATE TRIGGER "Policy_config_changed_update" AFTER UPDATE ON "Policy"
  FOR EACH ROW WHEN (OLD."currentVersion" IS DISTINCT FROM NEW."currentVersion" OR OLD."isDefault" IS DISTINCT FROM NEW."isDefault")
  EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
CREATE TRIGGER "Agent_config_changed" AFTER INSERT OR UPDATE OR DELETE ON "Agent"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
CREATE TRIGGER "AgentServer_config_changed" AFTER INSERT OR UPDATE OR DELETE ON "AgentServer"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('agentId');
-- Key use updates lastUsedAt constantly; only what changes who may call counts.
CREATE TRIGGER "AgentKey_config_changed_insert_delete" AFTER INSERT OR DELETE ON "AgentKey"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
CREATE TRIGGER "AgentKey_config_changed_update" AFTER UPDATE ON "AgentKey"
  FOR EACH ROW WHEN (OLD."revokedAt" IS DISTINCT FROM NEW."revokedAt" OR OLD."expiresAt" IS DISTINCT FROM NEW."expiresAt")
  EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
-- A pinned tool's accepted or pending definition decides whether agents see it; lastSeenAt does not.
CREATE TRIGGER "Tool_config_changed" AFTER UPDATE ON "Tool"
  FOR EACH ROW WHEN (OLD."definitionHash" IS DISTINCT FROM NEW."definitionHash" OR OLD."pendingHash" IS DISTINCT FROM NEW."pendingHash")
  EXECUTE FUNCTION "gatehouse_config_changed"('organizationId');
