/**
 * Prometheus metrics with prom-client, one registry per gateway: decisions by kind, requests by method, upstream
 * latency, active and evicted sessions, the audit queue and the store's health (the names dashboards already use),
 * plus prom-client's default process metrics (CPU, memory, event-loop lag, GC).
 */
import type { AuditDecision } from "@gatehouse/policy";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Methods counted by name at most; agents choose method names, so the rest are not labels. */
const MAX_METHODS = 100;

export interface MetricProbes {
  auditQueued(): number;
  storeHealthy(): boolean;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly decisions = new Counter({
    name: "gatehouse_decisions_total",
    help: "Policy decisions on tools/call, by audit decision.",
    labelNames: ["decision"] as const,
    registers: [this.registry],
  });
  private readonly requests = new Counter({
    name: "gatehouse_requests_total",
    help: "JSON-RPC requests from agents, by method.",
    labelNames: ["method"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "gatehouse_upstream_latency_seconds",
    help: "Time from forwarding a request to its upstream answer.",
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly sessions = new Gauge({
    name: "gatehouse_active_sessions",
    help: "Open agent sessions on this replica.",
    registers: [this.registry],
  });
  private readonly evicted = new Counter({
    name: "gatehouse_sessions_evicted_total",
    help: "Idle sessions closed to make room for a new one of an agent at its limit.",
    registers: [this.registry],
  });
  /** The labelled children already made (prom-client hashes the labels on every call otherwise). */
  private readonly decisionChildren = new Map<string, Counter.Internal>();
  private readonly methodChildren = new Map<string, Counter.Internal>();

  constructor(probes: MetricProbes) {
    new Gauge({
      name: "gatehouse_audit_queued",
      help: "Audit events waiting to be inserted.",
      registers: [this.registry],
      collect() {
        this.set(probes.auditQueued());
      },
    });
    new Gauge({
      name: "gatehouse_store_up",
      help: "Whether the configuration store answered the last poll.",
      registers: [this.registry],
      collect() {
        this.set(probes.storeHealthy() ? 1 : 0);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  set activeSessions(count: number) {
    this.sessions.set(count);
  }

  sessionEvicted(): void {
    this.evicted.inc();
  }

  decision(kind: AuditDecision): void {
    let child = this.decisionChildren.get(kind);
    if (!child) {
      child = this.decisions.labels(kind);
      this.decisionChildren.set(kind, child);
    }
    child.inc();
  }

  request(method: string): void {
    const key = method.length > 64 ? "other" : method;
    let child = this.methodChildren.get(key);
    if (!child) {
      if (this.methodChildren.size > MAX_METHODS) return;
      child = this.requests.labels(key);
      this.methodChildren.set(key, child);
    }
    child.inc();
  }

  upstreamLatency(seconds: number): void {
    this.latency.observe(seconds);
  }

  /** The text exposition format and its content type. */
  async render(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
