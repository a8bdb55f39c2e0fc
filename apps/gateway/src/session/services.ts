/** The gateway's services a session uses, as one object (built once in app.ts and shared by every session). */
import type { ApprovalMail } from "../approval/approval-mail.js";
import type { Approvals } from "../approval/approvals.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { AccountCache } from "../config/account-cache.js";
import type { GatewayConfig } from "../config/gateway-config.js";
import type { Metrics } from "../http/metrics.js";
import type { Logger } from "../log.js";
import type { SharedState } from "../state/shared-state.js";
import type { ToolDrift } from "../upstream/tool-drift.js";
import type { UpstreamAuthorizations } from "../upstream-oauth/authorizations.js";

export interface SessionServices {
  config: GatewayConfig;
  log: Logger;
  metrics: Metrics;
  audit: AuditLog;
  approvals: Approvals;
  /** Mails to approvers when a call is held. */
  approvalMail: ApprovalMail;
  state: SharedState;
  accounts: AccountCache;
  drift: ToolDrift;
  /** Tokens of `oauth` servers' connections (DESIGN §10 "Upstream"). */
  authorizations: UpstreamAuthorizations;
}

/** What a call handler uses of them. */
export type CallServices = Pick<
  SessionServices,
  "config" | "log" | "metrics" | "audit" | "approvals" | "approvalMail" | "state"
>;
