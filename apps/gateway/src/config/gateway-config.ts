/** The gateway's settings (from the environment in production, built directly in tests). */
export interface GatewayConfig {
  production: boolean;
  databaseUrl: string;
  secretKey: Buffer;
  port: number;
  host: string;
  publicUrl: string;
  /** WEB_PUBLIC_URL: the dashboard, issuer of the OAuth access tokens the OAuth URLs accept, and where a call
   * without its upstream connection is told to connect (DESIGN §10). */
  webPublicUrl: string;
  /** GATEWAY_WEB_URL: where this process reaches the dashboard (a container's view of it); webPublicUrl if unset. */
  webInternalUrl?: string | undefined;
  /** Lower-case host names (without port) a request's Host and Origin may name. */
  allowedHosts: string[];
  /** GATEWAY_CORS_ORIGINS: lower-case browser origins allowed besides those of allowedHosts; "*" allows any. */
  corsOrigins?: string[];
  upstreamTimeoutMs: number;
  /** GATEWAY_MAX_BODY_BYTES / GATEWAY_STDIO_MAX_BODY_BYTES (defaults in http/respond.ts). */
  maxBodyBytes?: number;
  stdioMaxBodyBytes?: number;
  /** GATEWAY_ACCOUNT_WAIT_MS: how long the account URL waits for one server to open or list before leaving it out. */
  accountWaitMs?: number | undefined;
  configPollMs: number;
  auditSpoolDir: string;
  drainTimeoutMs: number;
  /** Open sessions one agent may have on this replica (a public server's anonymous agent: per client address). */
  maxSessionsPerAgent: number;
  /** How often a held call's progress keep-alive is sent (DESIGN §4: every 10 s). */
  approvalKeepAliveMs: number;
  /** How often the rows of held calls are read (the fallback where no NOTIFY wakes them: the embedded database). */
  approvalPollMs: number;
  /** How often expired approval requests are marked expired and stale held-call arguments deleted. */
  approvalSweepMs: number;
  /** When set, `/metrics` requires `Authorization: Bearer <token>`; unset, it is served to loopback only. */
  metricsToken?: string | undefined;
  allowStdio: boolean;
  allowPrivateUpstreams: boolean;
  redisUrl?: string | undefined;
  redisKeyPrefix: string;
  /** SMTP_URL: approval mails go out through it; unset, they are logged (outside production) or dropped. */
  smtpUrl?: string | undefined;
  /** EMAIL_FROM. */
  emailFrom: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}
