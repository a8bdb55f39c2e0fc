/**
 * The conformance suite's 2026-07-28 server scenarios (the suite release that has them, `conformance-2026`), against
 * our 2026-07-28 fixture directly and through the gateway: every check that passes directly passes through it.
 * Some scenarios fail directly (the fixture lacks what they call, e.g. most input_required tools); they are held to
 * the same result, so a regression of the relay shows either way.
 */
import { startModernConformanceServer } from "@gatehouse/test-fixtures/conformance-modern-server.js";
import { describe, expect, it } from "vitest";
import { withConformanceGateway } from "./helpers/conformance-gateway.js";
import { runSuite, SUITE_SUPPORTED } from "./helpers/conformance-suite.js";

/** Scenarios about the server's own host checks: the gateway's (DESIGN §5) answer for it, differently. */
const GATEWAY_OWN = new Set(["dns-rebinding-protection"]);

describe.skipIf(!SUITE_SUPPORTED)(
  "MCP conformance suite, 2026-07-28: directly and through the gateway",
  () => {
    const conformance = withConformanceGateway(startModernConformanceServer, 120_000);

    it("passes every check through the gateway that it passes directly", { timeout: 300_000 }, async () => {
      const options = {
        release: "conformance-2026" as const,
        args: ["--suite", "all", "--spec-version", "2026-07-28"],
      };
      const direct = await runSuite(conformance.direct(), options);
      const through = await runSuite(conformance.through(), options);
      expect(direct.scenarios.size, direct.output.slice(-3000)).toBeGreaterThanOrEqual(30);
      let checks = 0;
      let whole = 0;
      for (const [name, result] of direct.scenarios) {
        if (GATEWAY_OWN.has(name)) continue;
        checks += result.passed;
        if (result.failed === 0) whole += 1;
        expect(
          through.scenarios.get(name),
          `${name} through the gateway\n${through.output.slice(-4000)}`,
        ).toEqual(result);
      }
      expect(whole).toBeGreaterThanOrEqual(25);
      console.warn(
        `conformance 2026-07-28: ${direct.scenarios.size} scenarios (${whole} whole), ${checks} checks pass directly and through the gateway`,
      );
    });
  },
);
