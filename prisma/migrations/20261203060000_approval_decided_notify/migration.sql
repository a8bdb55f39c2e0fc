-- A person's decision on a held call wakes the gateway replica that holds it at once: NOTIFY gatehouse_approval
-- with the request's id when a pending request is decided (or expires). The gateways still poll the rows they hold
-- (the only way on PGlite, where NOTIFY does not cross connections), so a lost notification only costs latency.

CREATE FUNCTION "gatehouse_approval_decided"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('gatehouse_approval', NEW."id"::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ApprovalRequest_decided" AFTER UPDATE OF "status" ON "ApprovalRequest"
  FOR EACH ROW WHEN (OLD."status" = 'pending' AND NEW."status" <> 'pending')
  EXECUTE FUNCTION "gatehouse_approval_decided"();
