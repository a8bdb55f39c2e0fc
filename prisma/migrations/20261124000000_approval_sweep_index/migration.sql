-- CreateIndex: the gateway's approval expiry sweep looks up pending requests past their expiresAt.
CREATE INDEX "ApprovalRequest_status_expiresAt_idx" ON "ApprovalRequest"("status", "expiresAt");
