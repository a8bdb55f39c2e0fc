// A decision wakes the held call at once where Postgres NOTIFYs it (the approval-decided trigger): the replica that
// holds the call does not wait for its next poll of the held rows. On the embedded database (no NOTIFY across
// connections) the poll is the only way, so this runs against DATABASE_URL's Postgres.
import { describe, expect, it } from "vitest";
import { withFixtureGateway } from "./helpers/fixture-gateway.js";
import { textOf, waitFor } from "./helpers/gateway.js";

const POLICY = {
  version: "1",
  default: "allow",
  tools: { slow: { action: "require_approval", approval: { timeout: 120, hold: 30 } } },
};
/** Far longer than the wake-up may take: a call released this late was released by the poll. */
const POLL_MS = 20_000;

describe.skipIf(!process.env.DATABASE_URL)("an approval decided in the dashboard", () => {
  const fx = withFixtureGateway(POLICY, { gateway: { approvalPollMs: POLL_MS } });

  it("releases the held call without waiting for the poll", async () => {
    const client = await fx.connect();
    const call = client.callTool({ name: "slow", arguments: { ms: 1 } });
    const row = await waitFor(
      async () =>
        (await fx.database.db.approvalRequest.findFirst({
          where: { organizationId: fx.orgId, status: "pending" },
        })) ?? undefined,
      5000,
    );
    // The gateway's LISTEN connection may still be starting: give it the moment it needs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const decided = performance.now();
    // What the dashboard's decideApproval does: a conditional update of the row, nothing else.
    await fx.database.db.approvalRequest.updateMany({
      where: { id: row.id, status: "pending" },
      data: { status: "approved", decidedAt: new Date(), usableUntil: new Date(Date.now() + 120_000) },
    });
    expect(textOf(await call)).toBe("done");
    expect(performance.now() - decided).toBeLessThan(1000);
  });
});
