/**
 * Builds the gateway without listening (tests drive it in-process; main.ts listens): the account cache and its
 * change feed, shared state (memory or Redis), audit spool, approvals, sessions and the HTTP router.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { accessTokenKey } from "@gatehouse/db/oauth-tokens";
import { createMailer } from "@gatehouse/mail";
import { AccountSessions } from "./account/account-sessions.js";
import { ApprovalMail } from "./approval/approval-mail.js";
import { Approvals } from "./approval/approvals.js";
import { AuditLog } from "./audit/audit-log.js";
import { Authenticator } from "./auth/authenticate.js";
import { KeyUsage } from "./auth/key-usage.js";
import { AccountCache } from "./config/account-cache.js";
import { ChangeListener } from "./config/change-listener.js";
import type { GatewayConfig } from "./config/gateway-config.js";
import { createCors } from "./http/cors.js";
import { originAllowed } from "./http/host-check.js";
import { Metrics } from "./http/metrics.js";
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_STDIO_MAX_BODY_BYTES } from "./http/respond.js";
import { createRouter } from "./http/router.js";
import { createLogger, type Logger } from "./log.js";
import { ModernRelay } from "./modern/modern-relay.js";
import { SessionRegistry } from "./session/registry.js";
import { MemoryState } from "./state/memory-state.js";
import { RedisState } from "./state/redis-state.js";
import { RedisWakeups } from "./state/redis-wakeups.js";
import type { SharedState } from "./state/shared-state.js";
import { createPool, type Db } from "./store/pool.js";
import { ToolDrift } from "./upstream/tool-drift.js";
import { UpstreamAuthorizations } from "./upstream-oauth/authorizations.js";

export interface Gateway {
  server: http.Server;
  config: GatewayConfig;
  log: Logger;
  db: Db;
  accounts: AccountCache;
  audit: AuditLog;
  sessions: SessionRegistry;
  state: SharedState;
  metrics: Metrics;
  /** Starts the change feed and the audit spool (call before listening). */
  start(): Promise<void>;
  /** Listens; resolves with the bound port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Graceful shutdown: stop accepting, answer held calls, drain in-flight calls, flush the audit. */
  close(): Promise<void>;
}

export function createGateway(config: GatewayConfig, options: { log?: Logger } = {}): Gateway {
  const log = options.log ?? createLogger(config.logLevel);
  const db = createPool(config.databaseUrl, log, { maxConnections: 5 });
  const accounts = new AccountCache(db, config.secretKey, log, config.configPollMs);
  const state: SharedState = config.redisUrl
    ? new RedisState(config.redisUrl, config.redisKeyPrefix)
    : new MemoryState();
  const audit = new AuditLog(db, config.auditSpoolDir, log);
  const metrics = new Metrics({
    auditQueued: () => audit.pending,
    storeHealthy: () => accounts.storeHealthy,
  });
  const approvals = new Approvals(db, config.secretKey, log, config.approvalPollMs);
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.emailFrom,
    production: config.production,
    log,
  });
  const approvalMail = new ApprovalMail(db, mailer, config.webPublicUrl, log);
  const drift = new ToolDrift(db, log);
  const authorizations = new UpstreamAuthorizations(db, config.secretKey, config.allowPrivateUpstreams);
  const services = {
    config,
    log,
    metrics,
    audit,
    approvals,
    approvalMail,
    state,
    accounts,
    drift,
    authorizations,
  };
  const sessions = new SessionRegistry(services);
  const modern = new ModernRelay(services);
  const accountSessions = new AccountSessions(services, config.accountWaitMs ?? 10_000);
  const keyUsage = new KeyUsage(db, log);
  const listener = new ChangeListener(
    config.databaseUrl,
    {
      gatehouse_config: () => void accounts.poll(),
      gatehouse_approval: (approvalId) => approvals.wake(approvalId),
    },
    log,
  );
  const wakeups = config.redisUrl
    ? new RedisWakeups(
        config.redisUrl,
        config.redisKeyPrefix,
        () => {
          void accounts.poll();
          approvals.wakeAll();
        },
        log,
      )
    : undefined;
  const { webPublicUrl } = config;
  const auth = new Authenticator(
    accounts,
    (keyId) => keyUsage.note(keyId),
    { key: accessTokenKey(config.secretKey), issuer: webPublicUrl, gatewayPublicUrl: config.publicUrl },
    (grantId) => keyUsage.noteGrant(grantId),
  );
  let draining = false;
  let closing: Promise<void> | undefined;

  const router = createRouter({
    auth,
    audit,
    sessions,
    modern,
    accountSessions,
    hasServer: (account, server) => accounts.peek(account)?.serversBySlug.has(server) ?? false,
    log,
    allowedHosts: config.allowedHosts,
    corsOrigins: config.corsOrigins ?? [],
    bodyLimits: {
      http: config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      stdio: config.stdioMaxBodyBytes ?? DEFAULT_STDIO_MAX_BODY_BYTES,
    },
    cors: createCors((origin) => originAllowed(origin, config.allowedHosts, config.corsOrigins ?? [])),
    publicUrl: config.publicUrl,
    webPublicUrl,
    webInternalUrl: config.webInternalUrl,
    ready: () => accounts.storeHealthy,
    draining: () => draining,
    metricsToken: config.metricsToken,
    metricsText: () => metrics.render(),
  });
  const server = http.createServer({ keepAliveTimeout: 65_000 }, router);

  return {
    server,
    config,
    log,
    db,
    accounts,
    audit,
    sessions,
    state,
    metrics,
    async start() {
      await audit.start();
      await accounts.start();
      listener.start();
      wakeups?.start();
      approvals.startSweeping(config.approvalSweepMs);
    },
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };

  async function shutdown(): Promise<void> {
    {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      approvals.releaseAll();
      approvals.stopSweeping();
      const deadline = Date.now() + config.drainTimeoutMs;
      while (
        (approvals.held > 0 || sessions.inFlight() + modern.inFlight + accountSessions.inFlight() > 0) &&
        Date.now() < deadline
      )
        await sleep(25);
      await sleep(50); // let answers already produced reach their streams
      await Promise.all([sessions.detachAll(), accountSessions.detachAll()]);
      server.closeAllConnections();
      await closed;
      accounts.stop();
      await listener.stop();
      await wakeups?.stop();
      await keyUsage.close().catch(() => undefined);
      await audit.close();
      await state.close();
      await db.end();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
