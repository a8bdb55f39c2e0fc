// Issue 5 item 10: with 10,000 audit events and 1,000 tools in an account, the queries behind the server pages
// and the API answer in well under a second. Prints the timings.
import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditChart } from "@/server/audit/audit-chart";
import { countAuditEvents, listAuditEvents } from "@/server/audit/list-audit-events";
import { getPolicy } from "@/server/policies/get-policy";
import { listServers } from "@/server/servers/list-servers";
import { registerServer } from "@/server/servers/register-server";
import { listTools } from "@/server/tools/list-tools";
import { makeAccount, type TTestAccount } from "./helpers";

const DECISIONS = ["allowed", "denied", "rate_limited", "hidden", "approved"] as const;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<number> {
  await fn(); // warm
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  console.warn(`speed: ${label.padEnd(34)} ${ms.toFixed(1)} ms`);
  return ms;
}

describe("speed with 10,000 audit events and 1,000 tools", () => {
  let database: TestDatabase;
  let a: TTestAccount;
  let serverId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await makeAccount(database.db);
    serverId = (await registerServer(a.admin, { name: "Big", url: "http://127.0.0.1:9/mcp" })).id;
    await database.db.tool.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({
        organizationId: a.id,
        serverId,
        name: `tool_${String(i).padStart(4, "0")}`,
        description: `Does thing number ${i}`,
        inputSchema: { type: "object", properties: { id: { type: "string" } } },
        definitionHash: `h${i}`,
        riskCategory: i % 3 === 0 ? ("Read" as const) : ("Write" as const),
        riskLevel: i % 3 === 0 ? ("low" as const) : ("medium" as const),
        riskEvidence: ["name starts with tool_"],
        riskRationale: "Synthetic tool for the speed test.",
      })),
    });
    const now = Date.now();
    for (let chunk = 0; chunk < 10; chunk++) {
      await database.db.auditEvent.createMany({
        data: Array.from({ length: 1000 }, (_, i) => ({
          id: randomUUID(),
          organizationId: a.id,
          serverId,
          serverSlug: "big",
          method: "tools/call",
          tool: `tool_${String(i % 1000).padStart(4, "0")}`,
          decision: DECISIONS[i % DECISIONS.length] ?? "allowed",
          createdAt: new Date(now - (chunk * 1000 + i) * 8_000),
        })),
      });
    }
  }, 300_000);

  afterAll(async () => {
    await database?.close();
  });

  it("answers every page query in under a second", async () => {
    const results = [
      await timed("servers list", () => listServers(a.admin)),
      await timed("tool table (1,000 tools)", () => listTools(a.admin, serverId)),
      await timed("tool search", () => listTools(a.admin, serverId, { q: "42", risk: "Write" })),
      await timed("policy state", () => getPolicy(a.admin, serverId)),
      await timed("activity page (50 newest)", () => listAuditEvents(a.admin, { limit: 50 })),
      await timed("activity filtered by decision", () =>
        listAuditEvents(a.admin, { limit: 50, decision: "denied" }),
      ),
      await timed("activity chart (24 h, 48 buckets)", () =>
        auditChart(a.admin, { since: new Date(Date.now() - 24 * 3600 * 1000), buckets: 48 }),
      ),
      await timed("activity count (24 h)", () =>
        countAuditEvents(a.admin, { since: new Date(Date.now() - 24 * 3600 * 1000) }),
      ),
      await timed("activity filtered by part of a tool name", () =>
        listAuditEvents(a.admin, { limit: 50, tool: "OL_04" }),
      ),
      await timed("API audit page (limit 1000)", () => listAuditEvents(a.admin, { limit: 1000 })),
    ];
    for (const ms of results) expect(ms).toBeLessThan(1000);
  });
});
