-- Onboarding: a member can hide the overview's first-run checklist, and each member who sends a test call from
-- the dashboard gets a built-in agent of their own, so the activity log says whose test it was.

ALTER TABLE "Membership" ADD COLUMN "checklistDismissedAt" TIMESTAMP(3);

ALTER TABLE "Agent" ADD COLUMN "testCallUserId" UUID;
CREATE UNIQUE INDEX "Agent_organizationId_testCallUserId_key" ON "Agent"("organizationId", "testCallUserId");
