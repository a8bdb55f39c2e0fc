import type { IncomingMessage } from "node:http";
import { request } from "node:http";
import type { TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../src/env.js";
import { isLoopbackAddress, metricsAccess } from "../src/http/metrics-access.js";
import { type RunningGateway, startGateway, testDatabase } from "./helpers/gateway.js";

const TOKEN = "metrics-token-for-tests-0123456789";

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function fakeRequest(remoteAddress: string, authorization?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: authorization ? { authorization } : {} } as IncomingMessage;
}

describe("/metrics access", () => {
  let database: TestDatabase;
  let open: RunningGateway;
  let guarded: RunningGateway;

  beforeAll(async () => {
    database = await testDatabase();
    [open, guarded] = await Promise.all([
      startGateway(database.url),
      startGateway(database.url, { metricsToken: TOKEN }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([open?.stop(), guarded?.stop()]);
    await database?.close();
  });

  it("without a token, serves loopback callers only, and only for an allowed Host", async () => {
    const ok = await get(open.port, "/metrics", { host: "127.0.0.1" });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("gatehouse_active_sessions");
    expect((await get(open.port, "/metrics", { host: "evil.example" })).status).toBe(403);
    expect(
      (await get(open.port, "/metrics", { host: "127.0.0.1", origin: "http://evil.example" })).status,
    ).toBe(403);
    // A proxy on this host forwarding someone else's request is not a loopback caller.
    for (const header of ["x-forwarded-for", "x-real-ip", "forwarded"])
      expect((await get(open.port, "/metrics", { host: "127.0.0.1", [header]: "203.0.113.9" })).status).toBe(
        403,
      );
    // Health endpoints stay open to load balancers whatever Host they send.
    expect((await get(open.port, "/healthz", { host: "10.0.0.7:8080" })).status).toBe(200);
    expect((await get(open.port, "/readyz", { host: "10.0.0.7:8080" })).status).toBe(200);

    expect(metricsAccess(fakeRequest("10.1.2.3"), undefined)).toBe("forbidden");
    expect(metricsAccess(fakeRequest("::ffff:192.168.0.9"), undefined)).toBe("forbidden");
    expect(metricsAccess(fakeRequest("127.0.0.1"), undefined)).toBe("ok");
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ["10.0.0.1", "::ffff:10.0.0.1", "::2", "fe80::1", "1.127.0.0", undefined])
      expect(isLoopbackAddress(address)).toBe(false);
  });

  it("with GATEWAY_METRICS_TOKEN set, requires it as a Bearer token, even from loopback", async () => {
    const refused = await get(guarded.port, "/metrics", { host: "127.0.0.1" });
    expect(refused.status).toBe(401);
    expect(refused.body).not.toContain("gatehouse_");
    expect(
      (await get(guarded.port, "/metrics", { host: "127.0.0.1", authorization: "Bearer wrong-token" }))
        .status,
    ).toBe(401);
    expect(
      (await get(guarded.port, "/metrics", { host: "127.0.0.1", authorization: `Basic ${TOKEN}` })).status,
    ).toBe(401);
    const ok = await get(guarded.port, "/metrics", { host: "127.0.0.1", authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("gatehouse_decisions_total");
    expect(
      (await get(guarded.port, "/metrics", { host: "evil.example", authorization: `Bearer ${TOKEN}` }))
        .status,
    ).toBe(403);
    expect(metricsAccess(fakeRequest("10.1.2.3", `Bearer ${TOKEN}`), TOKEN)).toBe("ok");
  });

  it("reads GATEWAY_METRICS_TOKEN from the environment", () => {
    const base = {
      DATABASE_URL: "postgres://u@127.0.0.1:5432/db",
      GATEHOUSE_SECRET_KEY: Buffer.alloc(32, 7).toString("base64"),
    };
    const unset = parseEnv(base);
    expect(unset.ok && unset.config.metricsToken).toBeUndefined();
    const set = parseEnv({ ...base, GATEWAY_METRICS_TOKEN: TOKEN });
    expect(set.ok && set.config.metricsToken).toBe(TOKEN);
    const short = parseEnv({ ...base, GATEWAY_METRICS_TOKEN: "short" });
    expect(!short.ok && short.problems[0]).toMatch(/^GATEWAY_METRICS_TOKEN must be at least 16/);
  });
});
