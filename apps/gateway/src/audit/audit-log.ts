/**
 * The audit trail (DESIGN §5): each event gets its UUIDv7 when the request arrives and is inserted in batches off
 * the request path with ON CONFLICT DO NOTHING (so a retried batch, or a spool replayed after a crash, cannot
 * duplicate). Events reach the local spool only when the database is late: once an insert has failed, or when an
 * event has waited SPOOL_AFTER_MS without being inserted. While the database is unreachable the queue and the spool
 * grow; a segment is deleted once everything in it has been inserted. With a healthy database nothing touches the
 * disk: writing every event ahead cost the gateway a fifth of its throughput.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { appendFile, mkdir, readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import type { AuditDecision } from "@gatehouse/policy";
import type { Logger } from "../log.js";
import { databaseAnswers, insertAuditEvents } from "../store/audit-event.js";
import type { Db } from "../store/pool.js";
import { MAX_NAME, redactArguments } from "./redact.js";

export interface AuditRecord {
  id: string;
  organizationId: string;
  serverId?: string;
  serverSlug?: string;
  agentId?: string;
  agentName?: string;
  sessionId?: string;
  method: string;
  tool?: string;
  decision: AuditDecision;
  rule?: string;
  reason?: string;
  latencyMs?: number;
  upstreamStatus?: string;
  argumentKeys: string[];
  arguments?: unknown;
  approvalId?: string;
  /** "shared" or "agent": the upstream OAuth connection the call used. */
  upstreamConnection?: string;
  /** ISO time the request arrived. */
  createdAt: string;
}

const BATCH = 500;
const FLUSH_EVERY_MS = 200;
const MAX_BACKOFF_MS = 5000;
/** How long an event may wait for the database before it is written to the spool. */
const SPOOL_AFTER_MS = 500;
/** While the database is failing, how long new events wait to be appended together: one write per interval. */
const SPOOL_EVERY_MS = 20;

export class AuditLog {
  /** Events waiting to be inserted, each as its JSON text (the same text the spool holds), oldest first. */
  private queue: string[] = [];
  /** When each queued event was recorded (performance.now()), in the queue's order. */
  private queuedAt: number[] = [];
  /** How many events at the head of the queue are in the spool already. */
  private spooled = 0;
  private spoolTimer: NodeJS.Timeout | undefined;
  /** The open spool segment; none while nothing is in the spool. */
  private stream: WriteStream | undefined;
  private segmentPath = "";
  private segmentSeq = 0;
  private recovered: string[] = [];
  /** Events whose argument values are being redacted, queued once they are. */
  private redacting = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private nextAttemptAt = 0;
  private failures = 0;
  private readonly instance = `${process.pid}-${Date.now().toString(36)}`;

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** Opens the spool and replays whatever a previous run left unflushed. */
  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const name of (await readdir(this.dir)).filter((file) => file.endsWith(".jsonl")).sort()) {
      const file = path.join(this.dir, name);
      const text = await readFile(file, "utf8");
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        try {
          JSON.parse(line);
          this.queue.push(storableJson(line));
        } catch {
          // a torn last line from a crash: the rest of the segment is still good
        }
      }
      this.recovered.push(file);
    }
    if (this.queue.length) this.log.info({ events: this.queue.length }, "replaying the audit spool");
    // Replayed events are in the spool already (in the recovered files).
    this.spooled = this.queue.length;
    this.queuedAt = this.queue.map(() => performance.now());
    this.timer = setInterval(() => {
      if (this.overdue()) this.writeSpool();
      void this.flush();
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Queues an event (tool and method cut to MAX_NAME characters); never waits on the database. While inserts are
   * failing, spool lines are written together every SPOOL_EVERY_MS.
   */
  record(event: AuditRecord): void {
    if (event.method.length > MAX_NAME) event.method = event.method.slice(0, MAX_NAME);
    if (event.tool !== undefined && event.tool.length > MAX_NAME) event.tool = event.tool.slice(0, MAX_NAME);
    this.queue.push(storableJson(JSON.stringify(event)));
    this.queuedAt.push(performance.now());
    if (this.failures > 0 && !this.spoolTimer) {
      this.spoolTimer = setTimeout(() => this.writeSpool(), SPOOL_EVERY_MS);
      this.spoolTimer.unref();
    }
  }

  /**
   * Queues an event with the call's argument values, redacted (secrets found by a scan, off the call's path). If
   * the scan fails the event is stored without values: never with an unscanned one.
   */
  recordWithValues(event: AuditRecord, values: unknown): void {
    const redacted = redactArguments(values).then(
      (stored) => {
        if (stored !== undefined) event.arguments = stored;
      },
      (error: unknown) => {
        this.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          "argument scan failed",
        );
      },
    );
    const queued = redacted.then(() => {
      this.redacting.delete(queued);
      this.record(event);
    });
    this.redacting.add(queued);
  }

  /** Whether the oldest event not in the spool has waited for the database longer than SPOOL_AFTER_MS. */
  private overdue(): boolean {
    const oldest = this.queuedAt[this.spooled];
    return oldest !== undefined && performance.now() - oldest > SPOOL_AFTER_MS;
  }

  /** Appends every queued event not yet in the spool, in one write. */
  private writeSpool(): void {
    clearTimeout(this.spoolTimer);
    this.spoolTimer = undefined;
    if (this.spooled >= this.queue.length) return;
    if (!this.stream) this.openSegment();
    this.stream?.write(`${this.queue.slice(this.spooled).join("\n")}\n`);
    this.spooled = this.queue.length;
  }

  get pending(): number {
    return this.queue.length + this.redacting.size;
  }

  /** Inserts what is queued (one batch at a time), after the events being redacted; failures are retried with backoff. */
  async flush(): Promise<void> {
    if (this.redacting.size > 0) await Promise.all(this.redacting);
    if (this.flushing) return this.flushing;
    if (this.queue.length === 0 && this.recovered.length === 0) return Promise.resolve();
    if (Date.now() < this.nextAttemptAt) return Promise.resolve();
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, BATCH);
        await this.insertIsolating(batch);
        this.queue.splice(0, batch.length);
        this.queuedAt.splice(0, batch.length);
        this.spooled = Math.max(0, this.spooled - batch.length);
      }
      if (this.failures > 0) this.log.info("audit store reachable again; spool flushed");
      this.failures = 0;
      this.nextAttemptAt = 0;
      await this.rotate();
    } catch (error: unknown) {
      this.failures += 1;
      this.nextAttemptAt = Date.now() + Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.failures);
      this.writeSpool();
      if (this.failures === 1) {
        this.log.warn(
          { err: error instanceof Error ? error.message : String(error), queued: this.queue.length },
          "audit insert failed; events stay in the spool",
        );
      }
    }
  }

  /**
   * Inserts a batch. When it fails while the database answers, the batch itself is at fault (an event the database
   * refuses): it is split until the refused events are found and set aside, so one bad event cannot stop the
   * audit trail. When the database does not answer, the error goes up and the whole batch is retried later.
   */
  private async insertIsolating(batch: string[]): Promise<void> {
    try {
      await insertAuditEvents(this.db, `[${batch.join(",")}]`);
    } catch (error: unknown) {
      if (!(await databaseAnswers(this.db))) throw error;
      if (batch.length === 1) {
        await this.setAside(batch[0] as string, error);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.insertIsolating(batch.slice(0, half));
      await this.insertIsolating(batch.slice(half));
    }
  }

  /** Keeps an event the database refused in `refused-<instance>.jsonl.refused` (never replayed) and says so. */
  private async setAside(line: string, error: unknown): Promise<void> {
    const file = path.join(this.dir, `refused-${this.instance}.jsonl.refused`);
    await appendFile(file, `${line}\n`);
    this.log.error(
      { err: error instanceof Error ? error.message : String(error), file },
      "the database refused an audit event; it was set aside",
    );
  }

  /** Everything spooled so far is in the database: close the segment and delete it, and the recovered ones. */
  private async rotate(): Promise<void> {
    if (this.queue.length > 0 || (!this.stream && this.recovered.length === 0)) return;
    const old = this.stream;
    const files = old ? [this.segmentPath, ...this.recovered] : this.recovered;
    this.stream = undefined;
    this.recovered = [];
    if (old) await new Promise<void>((resolve) => old.end(resolve));
    await Promise.all(files.map((file) => unlink(file).catch(() => undefined)));
  }

  private openSegment(): void {
    this.segmentSeq += 1;
    this.segmentPath = path.join(
      this.dir,
      `audit-${this.instance}-${String(this.segmentSeq).padStart(8, "0")}.jsonl`,
    );
    this.stream = createWriteStream(this.segmentPath, { flags: "a" });
    this.stream.on("error", (error) => this.log.error({ err: error.message }, "audit spool write failed"));
  }

  /** Final flush on shutdown (bounded); whatever is not inserted stays in the spool for the next start. */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.redacting.size > 0) await Promise.all(this.redacting);
    this.writeSpool();
    this.nextAttemptAt = 0;
    await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }
}

/**
 * Postgres text and JSON cannot hold NUL or an unpaired surrogate, which an agent can put in a tool name or an
 * argument. JSON.stringify writes both as \u escapes (a real pair is written as itself), so each escape that is not
 * itself escaped (an even run of backslashes before it) becomes U+FFFD.
 */
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/g;

export function storableJson(json: string): string {
  return json.includes("\\u") ? json.replace(UNSTORABLE_ESCAPE, "$1\\ufffd") : json;
}
