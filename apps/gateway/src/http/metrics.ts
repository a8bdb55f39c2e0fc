/** Prometheus text metrics: decisions by kind, upstream latency histogram, active sessions, requests by method. */
import type { AuditDecision } from "@gatehouse/policy";

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class Metrics {
  private readonly decisions = new Map<AuditDecision, number>();
  private readonly requests = new Map<string, number>();
  private readonly bucketCounts = BUCKETS.map(() => 0);
  private latencySum = 0;
  private latencyCount = 0;
  activeSessions = 0;
  private evictedSessions = 0;

  sessionEvicted(): void {
    this.evictedSessions += 1;
  }

  decision(kind: AuditDecision): void {
    this.decisions.set(kind, (this.decisions.get(kind) ?? 0) + 1);
  }

  request(method: string): void {
    const key = method.length > 64 ? "other" : method;
    if (!this.requests.has(key) && this.requests.size > 100) return;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  upstreamLatency(seconds: number): void {
    this.latencySum += seconds;
    this.latencyCount += 1;
    for (let i = 0; i < BUCKETS.length; i += 1) if (seconds <= (BUCKETS[i] ?? 0)) this.bucketCounts[i]! += 1;
  }

  render(extra: { auditQueued: number; storeHealthy: boolean }): string {
    const lines: string[] = [
      "# HELP gatehouse_decisions_total Policy decisions on tools/call, by audit decision.",
      "# TYPE gatehouse_decisions_total counter",
    ];
    for (const [kind, value] of this.decisions)
      lines.push(`gatehouse_decisions_total{decision="${kind}"} ${value}`);
    lines.push("# HELP gatehouse_requests_total JSON-RPC requests from agents, by method.");
    lines.push("# TYPE gatehouse_requests_total counter");
    for (const [method, value] of this.requests) {
      lines.push(`gatehouse_requests_total{method="${method.replace(/["\\\n]/g, "_")}"} ${value}`);
    }
    lines.push(
      "# HELP gatehouse_upstream_latency_seconds Time from forwarding a request to its upstream answer.",
    );
    lines.push("# TYPE gatehouse_upstream_latency_seconds histogram");
    BUCKETS.forEach((bucket, i) => {
      lines.push(`gatehouse_upstream_latency_seconds_bucket{le="${bucket}"} ${this.bucketCounts[i]}`);
    });
    lines.push(`gatehouse_upstream_latency_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    lines.push(`gatehouse_upstream_latency_seconds_sum ${this.latencySum}`);
    lines.push(`gatehouse_upstream_latency_seconds_count ${this.latencyCount}`);
    lines.push("# HELP gatehouse_active_sessions Open agent sessions on this replica.");
    lines.push("# TYPE gatehouse_active_sessions gauge");
    lines.push(`gatehouse_active_sessions ${this.activeSessions}`);
    lines.push(
      "# HELP gatehouse_sessions_evicted_total Idle sessions closed to make room for a new one of an agent at its limit.",
    );
    lines.push("# TYPE gatehouse_sessions_evicted_total counter");
    lines.push(`gatehouse_sessions_evicted_total ${this.evictedSessions}`);
    lines.push("# HELP gatehouse_audit_queued Audit events waiting to be inserted.");
    lines.push("# TYPE gatehouse_audit_queued gauge");
    lines.push(`gatehouse_audit_queued ${extra.auditQueued}`);
    lines.push("# HELP gatehouse_store_up Whether the configuration store answered the last poll.");
    lines.push("# TYPE gatehouse_store_up gauge");
    lines.push(`gatehouse_store_up ${extra.storeHealthy ? 1 : 0}`);
    return `${lines.join("\n")}\n`;
  }
}
