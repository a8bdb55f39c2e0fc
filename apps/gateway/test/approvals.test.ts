import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { decryptJson, encryptSecret } from "@gatehouse/db/secrets";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { SECRET_KEY, textOf, waitFor } from "./helpers/gateway.js";

interface WebhookReceiver {
  url: string;
  received: { body: string; signature: string }[];
  close(): Promise<void>;
}

async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver["received"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["x-gatehouse-signature"] ?? "") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/gatehouse`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const POLICY = {
  version: "1",
  default: "allow",
  tools: {
    deploy: { action: "require_approval", approval: { timeout: 120, hold: 2 } },
    slow: { action: "require_approval", approval: { timeout: 120, hold: 30 } },
  },
};

describe("require_approval", () => {
  let webhook: WebhookReceiver;
  const fx = withFixtureGateway(POLICY, {
    gateway: { approvalKeepAliveMs: 300 },
    seed: async () => {
      webhook = await startWebhookReceiver();
      await fx.database.db.organization.update({
        where: { id: fx.orgId },
        data: {
          approvalWebhookUrl: webhook.url,
          approvalWebhookSecretEnc: encryptSecret("whsec_test", SECRET_KEY),
        },
      });
    },
  });
  let client: Client;

  const pendingFor = (tool: string) =>
    waitFor(async () => {
      const row = await fx.database.db.approvalRequest.findFirst({
        where: { organizationId: fx.orgId, tool, status: "pending" },
        orderBy: { requestedAt: "desc" },
        omit: { argumentsEnc: false },
      });
      return row ?? undefined;
    }, 5000);

  const decide = (id: string, status: "approved" | "denied", note?: string) =>
    fx.database.db.approvalRequest.update({
      where: { id },
      data: {
        status,
        decidedAt: new Date(),
        decisionNote: note ?? null,
        usableUntil: status === "approved" ? new Date(Date.now() + 120_000) : null,
      },
    });

  beforeAll(async () => {
    client = await fx.connect();
  });

  afterAll(async () => {
    await webhook?.close();
  });

  it("holds a call, and returns the upstream's real result once a person approves", async () => {
    const progress: string[] = [];
    const call = client.callTool({ name: "slow", arguments: { ms: 1 } }, undefined, {
      onprogress: (update) => progress.push(update.message ?? ""),
    });
    const row = await pendingFor("slow");
    await waitFor(() => (progress.length >= 2 ? true : undefined), 5000);
    expect(progress[0]).toBe("Waiting for approval");
    const delivered = await waitFor(
      () => webhook.received.find((event) => event.body.includes(row.id)),
      5000,
    );
    const event = JSON.parse(delivered.body) as {
      type: string;
      approval: { tool: string; argumentKeys: string[] };
    };
    expect(event).toMatchObject({
      type: "approval.requested",
      approval: { tool: "slow", argumentKeys: ["ms"] },
    });
    const [t, v1] = delivered.signature.split(",").map((part) => part.split("=")[1]);
    expect(v1).toBe(createHmac("sha256", "whsec_test").update(`${t}.${delivered.body}`).digest("hex"));
    expect(delivered.body).not.toContain('"ms":1');
    expect(row.argumentsEnc).toMatch(/^v1\./);
    // Encrypted: the plaintext is not in the column, and the secret key gives back exactly the call's arguments.
    // (Not "no `ms` anywhere": random ciphertext contains those two letters about once in a hundred runs.)
    expect(row.argumentsEnc).not.toContain('{"ms":1}');
    expect(decryptJson(row.argumentsEnc ?? "", SECRET_KEY)).toEqual({ ms: 1 });
    expect(row.argumentKeys).toEqual(["ms"]);
    await decide(row.id, "approved");
    const result = await call;
    expect(textOf(result)).toBe("done");
    const used = await fx.database.db.approvalRequest.findUniqueOrThrow({
      where: { id: row.id },
      omit: { argumentsEnc: false },
    });
    expect(used.status).toBe("used");
    expect(used.argumentsEnc).toBeNull();
  });

  it("answers pending after the hold; an identical retry after approval goes through exactly once", async () => {
    const first = await client.callTool({ name: "deploy", arguments: { name: "web" } });
    expect(first.isError).toBe(true);
    const row = await pendingFor("deploy");
    expect(textOf(first)).toBe(
      `Approval pending (id ${row.id}): a person must approve this call; retry the same call after approval.`,
    );
    expect(first._meta?.["gatehouse/decision"]).toMatchObject({
      decision: "approval_pending",
      approvalId: row.id,
    });

    await decide(row.id, "approved");
    const retry = await client.callTool({ name: "deploy", arguments: { name: "web" } });
    expect(textOf(retry)).toBe("deployed web");

    const third = await client.callTool({ name: "deploy", arguments: { name: "web" } });
    expect(textOf(third)).toMatch(/^Approval pending \(id /);
    expect(textOf(third)).not.toContain(row.id);
  });

  it("tells the agent when a person denies the call", async () => {
    const call = client.callTool({ name: "slow", arguments: { ms: 2 } });
    const row = await pendingFor("slow");
    await decide(row.id, "denied", "not during the freeze");
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Denied by approver: not during the freeze");
    expect(result._meta?.["gatehouse/decision"]).toMatchObject({ decision: "approval_denied" });
  });

  it("leaves the request pending when the agent cancels the held call", async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: "slow", arguments: { ms: 3 } }, undefined, {
      signal: controller.signal,
    });
    const row = await pendingFor("slow");
    controller.abort();
    await expect(call).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await fx.database.db.approvalRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("pending");
    expect(fx.upstream.calls.filter((name) => name === "slow")).toHaveLength(1); // only the approved call earlier
  });

  it("audits each outcome", async () => {
    const decisions = await waitFor(async () => {
      const events = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, method: "tools/call" },
      });
      const kinds = new Set(events.map((event) => event.decision));
      return ["approved", "approval_pending", "approval_denied"].every((kind) => kinds.has(kind as never))
        ? kinds
        : undefined;
    }, 5000);
    expect(decisions.has("approved")).toBe(true);
  });
});
