/**
 * Held calls (DESIGN §4 require_approval): an ApprovalRequest row per distinct call (arguments encrypted), a hold
 * that wakes when a person decides — at once on real Postgres, where a trigger NOTIFYs the decision (see
 * config/change-listener.ts), else when the held rows are next polled, in one query every few hundred milliseconds,
 * on whichever replica holds them — and single-use consumption of an approval bound to the call's hash, so an
 * identical retry after approval goes through exactly once.
 */
import { encryptJson } from "@gatehouse/db/secrets";
import type { Logger } from "../log.js";
import {
  clearApprovalArguments,
  clearSpentApprovalArguments,
  expireApproval,
  expireOverdueApprovals,
  findPendingApproval,
  findUsableApprovals,
  insertApprovalRequest,
  markApprovalUsed,
  readApprovalStates,
} from "../store/approval-request.js";
import type { Db } from "../store/pool.js";

export type HoldOutcome =
  | { kind: "approved" }
  | { kind: "denied"; note: string | undefined }
  | { kind: "expired" }
  | { kind: "pending" };

export interface ApprovalRequestInput {
  organizationId: string;
  serverId: string;
  agentId: string;
  policyId: string | undefined;
  policyVersion: number | undefined;
  tool: string;
  callHash: string;
  arguments: unknown;
  argumentKeys: string[];
  sessionId: string | undefined;
  rule: string;
  reason: string | undefined;
  timeoutSeconds: number;
}

interface Waiter {
  id: string;
  resolve: (outcome: HoldOutcome) => void;
}

export class Approvals {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private polling = false;
  /** A wake-up came while a poll was running: poll again once it is done. */
  private pollAgain = false;

  constructor(
    private readonly db: Db,
    private readonly secretKey: Buffer,
    private readonly log: Logger,
    private readonly pollMs = 400,
  ) {}

  /** Starts the periodic sweep of expired requests (see `sweep`). */
  startSweeping(everyMs: number): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweep(), everyMs);
    this.sweeper.unref();
  }

  stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /**
   * Expires pending requests nobody decided in time and deletes held-call arguments no longer needed (DESIGN §5:
   * kept until decided or expired). Two conditional UPDATEs, idempotent, so every replica may run them.
   */
  async sweep(): Promise<void> {
    const now = new Date();
    try {
      await expireOverdueApprovals(this.db, now);
      await clearSpentApprovalArguments(this.db, now);
    } catch (error: unknown) {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, "approval sweep failed");
    }
  }

  /** Consumes an approved, still usable approval for this exact call; returns its id, or undefined. */
  async consumeApproved(
    organizationId: string,
    serverId: string,
    callHash: string,
  ): Promise<string | undefined> {
    const now = new Date();
    const candidates = await findUsableApprovals(this.db, { organizationId, serverId, callHash }, now, 5);
    for (const id of candidates) {
      if (await this.claim(id)) return id;
    }
    return undefined;
  }

  /** The pending request for this call, or a new one (`created`). */
  async requestFor(input: ApprovalRequestInput): Promise<{ id: string; created: boolean; expiresAt: Date }> {
    const now = new Date();
    const call = { organizationId: input.organizationId, serverId: input.serverId, callHash: input.callHash };
    const existing = await findPendingApproval(this.db, call, now);
    if (existing) return { ...existing, created: false };
    const created = await insertApprovalRequest(
      this.db,
      {
        ...call,
        agentId: input.agentId,
        policyId: input.policyId ?? null,
        policyVersion: input.policyVersion ?? null,
        tool: input.tool,
        argumentsEnc: encryptJson(input.arguments ?? {}, this.secretKey),
        argumentKeys: input.argumentKeys,
        sessionId: input.sessionId ?? null,
        rule: input.rule,
        reason: input.reason ?? null,
        expiresAt: new Date(now.getTime() + input.timeoutSeconds * 1000),
      },
      now,
    );
    return { ...created, created: true };
  }

  /**
   * Holds until the request is decided or `holdMs` passes. `onTick` runs every `tickMs` (progress keep-alive);
   * aborting `signal` ends the hold with `pending` and leaves the request pending.
   */
  hold(
    approvalId: string,
    holdMs: number,
    options: { signal?: AbortSignal; onTick?: () => void; tickMs?: number } = {},
  ): Promise<HoldOutcome> {
    return new Promise<HoldOutcome>((resolve) => {
      let done = false;
      const waiter: Waiter = { id: approvalId, resolve: (outcome) => finish(outcome) };
      const ticker = options.onTick ? setInterval(options.onTick, options.tickMs ?? 10_000) : undefined;
      const timeout = setTimeout(() => finish({ kind: "pending" }), holdMs);
      const onAbort = () => finish({ kind: "pending" });
      const finish = (outcome: HoldOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timeout);
        if (ticker) clearInterval(ticker);
        options.signal?.removeEventListener("abort", onAbort);
        const set = this.waiters.get(approvalId);
        set?.delete(waiter);
        if (set && set.size === 0) this.waiters.delete(approvalId);
        resolve(outcome);
      };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      const set = this.waiters.get(approvalId) ?? new Set<Waiter>();
      set.add(waiter);
      this.waiters.set(approvalId, set);
      this.ensurePolling();
    });
  }

  /** Ends every hold with `pending` (graceful shutdown). */
  releaseAll(): void {
    for (const set of [...this.waiters.values()])
      for (const waiter of [...set]) waiter.resolve({ kind: "pending" });
  }

  get held(): number {
    let count = 0;
    for (const set of this.waiters.values()) count += set.size;
    return count;
  }

  private ensurePolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** A request was decided (NOTIFY): read it now if a call here waits on it. */
  wake(approvalId: string): void {
    if (this.waiters.has(approvalId)) void this.poll(true);
  }

  /** Something may have been decided (a Redis wake-up names nothing): read the held rows now, if any. */
  wakeAll(): void {
    if (this.waiters.size > 0) void this.poll(true);
  }

  private async poll(woken = false): Promise<void> {
    if (this.polling) {
      if (woken) this.pollAgain = true;
      return;
    }
    if (this.waiters.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.polling = true;
    try {
      const rows = await readApprovalStates(this.db, [...this.waiters.keys()]);
      const now = Date.now();
      for (const row of rows) {
        if (row.status === "pending" && row.expiresAt.getTime() > now) continue;
        const outcome = await this.settle(
          row.id,
          row.status,
          row.decisionNote ?? undefined,
          row.expiresAt,
          now,
        );
        if (!outcome) continue;
        const set = this.waiters.get(row.id);
        // One approval forwards one call: the first waiter gets it, any other identical call stays pending.
        let first = true;
        for (const waiter of [...(set ?? [])]) {
          waiter.resolve(outcome.kind === "approved" && !first ? { kind: "pending" } : outcome);
          first = false;
        }
      }
    } catch (error: unknown) {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, "approval poll failed");
    } finally {
      this.polling = false;
    }
    if (this.pollAgain) {
      this.pollAgain = false;
      void this.poll();
    }
  }

  private async settle(
    id: string,
    status: string,
    note: string | undefined,
    expiresAt: Date,
    now: number,
  ): Promise<HoldOutcome | undefined> {
    if (status === "approved") return (await this.claim(id)) ? { kind: "approved" } : { kind: "pending" };
    if (status === "denied") {
      await clearApprovalArguments(this.db, id);
      return { kind: "denied", note };
    }
    if (status === "expired" || (status === "pending" && expiresAt.getTime() <= now)) {
      await expireApproval(this.db, id);
      return { kind: "expired" };
    }
    if (status === "used") return { kind: "pending" };
    return undefined;
  }

  /** Marks an approved request used, once; true when this call got it. */
  private async claim(id: string): Promise<boolean> {
    return markApprovalUsed(this.db, id, new Date());
  }
}
