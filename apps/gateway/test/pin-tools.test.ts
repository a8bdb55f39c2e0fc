import { toolDefinitionHash } from "@gatehouse/policy/hash";
import { basicTools } from "@gatehouse/test-fixtures/fixture-server.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { textOf, waitFor } from "./helpers/gateway.js";

// pin_tools (DESIGN §3, §5): a tool flagged as changed in the catalogue (a pending hash) is hidden from every
// session of a pinned server — also one that calls it directly without listing tools first.
describe("pin_tools hides a flagged tool from every session", () => {
  const fx = withFixtureGateway(
    { version: "1", default: "allow" },
    {
      slug: "pinned",
      pinTools: true,
      seed: async () => {
        for (const tool of basicTools()) {
          // The catalogue accepted exactly what the upstream serves: this gateway sees no drift of its own.
          await fx.database.db.tool.create({
            data: {
              organizationId: fx.orgId,
              serverId: fx.serverId,
              name: tool.definition.name,
              description: tool.definition.description ?? null,
              inputSchema: tool.definition.inputSchema as object,
              definitionHash: toolDefinitionHash(tool.definition),
              riskCategory: "Read",
              riskLevel: "low",
            },
          });
        }
      },
    },
  );

  /** Sets or clears the pending hash of `deploy`, then waits until the gateway's snapshot of the account has it. */
  const flagDeploy = async (pendingHash: string | null) => {
    await fx.database.db.tool.updateMany({
      where: { serverId: fx.serverId, name: "deploy" },
      data: {
        pendingHash,
        pendingDefinition: pendingHash ? { name: "deploy", description: "new" } : undefined,
      },
    });
    // Not merely "reloaded since": a reload for an earlier change may land first.
    const flagged = () =>
      fx.gw.gateway.accounts.peek(fx.account)?.serversBySlug.get(fx.server)?.pendingTools.has("deploy");
    await waitFor(() => (flagged() === (pendingHash !== null) ? true : undefined), 10_000);
  };

  it("refuses a direct call to a flagged tool in a new session, hides it from tools/list, and shows it again once cleared", async () => {
    const listing = await fx.connect();
    let changed = 0;
    listing.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    expect((await listing.listTools()).tools.map((tool) => tool.name)).toContain("deploy");
    expect(textOf(await listing.callTool({ name: "deploy", arguments: { name: "a" } }))).toBe("deployed a");

    // Another replica (or the dashboard's sync) flagged deploy: this gateway never saw the new definition itself.
    await flagDeploy("0".repeat(64));
    const direct = await fx.connect();
    const callsBefore = fx.upstream.calls.length;
    await expect(direct.callTool({ name: "deploy", arguments: { name: "b" } })).rejects.toThrow(
      /Unknown tool: deploy/,
    );
    await expect(listing.callTool({ name: "deploy", arguments: { name: "c" } })).rejects.toThrow(
      /Unknown tool: deploy/,
    );
    expect(fx.upstream.calls.length).toBe(callsBefore);
    expect((await direct.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "slow", "headers"]);
    await waitFor(() => changed > 0 || undefined, 5000);
    expect((await listing.listTools()).tools.map((tool) => tool.name)).not.toContain("deploy");
    expect(textOf(await direct.callTool({ name: "echo", arguments: { message: "still" } }))).toBe("still");

    const hidden = await waitFor(async () => {
      const events = await fx.database.db.auditEvent.findMany({
        where: { serverId: fx.serverId, tool: "deploy", decision: "hidden" },
      });
      return events.length >= 2 ? events : undefined;
    });
    expect(hidden.every((event) => event.rule === "/pin_tools")).toBe(true);

    // Accepted (or dismissed) in the dashboard: the tool is callable again without reconnecting.
    await flagDeploy(null);
    expect(textOf(await direct.callTool({ name: "deploy", arguments: { name: "d" } }))).toBe("deployed d");
    expect((await direct.listTools()).tools.map((tool) => tool.name)).toContain("deploy");
    await Promise.all([listing.close(), direct.close()]);
  });
});
