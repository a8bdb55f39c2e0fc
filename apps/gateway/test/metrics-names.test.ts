// The gateway's metrics keep the names dashboards and alerts use, and add the process's own (prom-client's defaults).
import { describe, expect, it } from "vitest";
import { Metrics } from "../src/http/metrics.js";

describe("gateway metrics", () => {
  it("keep today's names and values, and add CPU, memory, event-loop lag and GC", async () => {
    const metrics = new Metrics({ auditQueued: () => 7, storeHealthy: () => true });
    metrics.decision("allowed");
    metrics.decision("allowed");
    metrics.decision("denied");
    metrics.request("tools/call");
    metrics.request(`x${"y".repeat(80)}`);
    metrics.upstreamLatency(0.003);
    metrics.activeSessions = 3;
    metrics.sessionEvicted();
    const { text, contentType } = await metrics.render();
    expect(contentType).toContain("text/plain");
    for (const line of [
      'gatehouse_decisions_total{decision="allowed"} 2',
      'gatehouse_decisions_total{decision="denied"} 1',
      'gatehouse_requests_total{method="tools/call"} 1',
      'gatehouse_requests_total{method="other"} 1',
      'gatehouse_upstream_latency_seconds_bucket{le="0.0025"} 0',
      'gatehouse_upstream_latency_seconds_bucket{le="0.005"} 1',
      'gatehouse_upstream_latency_seconds_bucket{le="+Inf"} 1',
      "gatehouse_upstream_latency_seconds_count 1",
      "gatehouse_active_sessions 3",
      "gatehouse_sessions_evicted_total 1",
      "gatehouse_audit_queued 7",
      "gatehouse_store_up 1",
    ])
      expect(text.split("\n")).toContain(line);
    for (const name of [
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
      "nodejs_gc_duration_seconds",
    ])
      expect(text).toContain(`# TYPE ${name}`);
  });

  it("counts at most a hundred method names, so agents cannot grow the label set without end", async () => {
    const metrics = new Metrics({ auditQueued: () => 0, storeHealthy: () => false });
    for (let i = 0; i < 150; i += 1) metrics.request(`method-${i}`);
    const { text } = await metrics.render();
    expect(text.split("\n").filter((line) => line.startsWith("gatehouse_requests_total{")).length).toBe(101);
    expect(text).toContain("gatehouse_store_up 0");
  });
});
