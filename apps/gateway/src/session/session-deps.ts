/** What a relay session needs from the gateway around it. */
import type { Approvals } from "../approval/approvals.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { AccountCache } from "../config/account-cache.js";
import type { GatewayConfig } from "../config/gateway-config.js";
import type { Metrics } from "../http/metrics.js";
import type { Logger } from "../log.js";
import type { SharedState } from "../state/shared-state.js";
import type { ToolDrift } from "../upstream/tool-drift.js";
import type { RelaySession } from "./relay-session.js";

export interface SessionDeps {
  config: GatewayConfig;
  log: Logger;
  metrics: Metrics;
  audit: AuditLog;
  approvals: Approvals;
  state: SharedState;
  accounts: AccountCache;
  drift: ToolDrift;
  /** Called when the upstream answered `initialize`: the session record can now be shared with other replicas. */
  onUpstreamSession(
    session: RelaySession,
    upstreamSessionId: string | undefined,
    protocolVersion?: string,
  ): void;
}
