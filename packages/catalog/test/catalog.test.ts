/** The catalogue's entries, lookups and recommendations. */
import { existsSync, readFileSync } from "node:fs";
import { validatePolicy } from "@gatehouse/policy";
import { describe, expect, it } from "vitest";
import { catalogSlugs, getCatalogEntry, getCatalogTool, listCatalogEntries } from "../src/index";

const SHARED_FIXTURE = new URL(
  "../../../../shared/fixtures/cloudstack-mcp-server.tools.json",
  import.meta.url,
);

describe("catalog", () => {
  // The shared fixture only exists on the development machines; a fresh clone relies on the copy.
  it.skipIf(!existsSync(SHARED_FIXTURE))("keeps the CloudStack data equal to the shared fixture", () => {
    const copy = new URL("../data/cloudstack-mcp-server.tools.json", import.meta.url);
    expect(JSON.parse(readFileSync(copy, "utf8"))).toEqual(JSON.parse(readFileSync(SHARED_FIXTURE, "utf8")));
  });

  it("lists CloudStack and the reference npm servers", () => {
    const list = listCatalogEntries();
    expect(list.map((e) => e.slug)).toEqual([
      "cloudstack-mcp-server",
      "server-everything",
      "server-filesystem",
      "server-memory",
    ]);
    expect(catalogSlugs()).toEqual(list.map((e) => e.slug));
    const cloudstack = list[0]!;
    expect(cloudstack).toMatchObject({
      name: "CloudStack MCP Server",
      toolCount: 45,
      highestRisk: "critical",
    });
    expect(Object.values(cloudstack.riskCounts).reduce((a, b) => a + b, 0)).toBe(45);
  });

  it("ships all 45 CloudStack tools with schemas, classification and recommended rule", () => {
    const entry = getCatalogEntry("cloudstack-mcp-server");
    expect(entry?.tools).toHaveLength(45);
    expect(entry?.run).toMatchObject({ transport: "stdio" });
    for (const tool of entry?.tools ?? []) {
      expect(tool.inputSchema).toBeDefined();
      expect(tool.classification.evidence.length).toBeGreaterThan(0);
      expect(tool.classification.rationale.length).toBeGreaterThan(40);
      expect(validatePolicy(tool.recommendedPolicy).ok).toBe(true);
    }
    expect(validatePolicy(entry?.recommendedPolicy).ok).toBe(true);
  });

  it("gives list_async_jobs the reference page's rule and risk", () => {
    const tool = getCatalogTool("cloudstack-mcp-server", "list_async_jobs");
    expect(tool?.description).toBe("List asynchronous jobs");
    expect(tool?.classification).toMatchObject({ category: "Read", level: "low" });
    expect(tool?.recommendedRule).toEqual({});
    expect(tool?.recommendedPolicy).toEqual({
      version: "1",
      default: "deny",
      tools: { list_async_jobs: {} },
    });
    expect(tool?.recommendationSummary).toBe("Read-only, so it stays allowed.");
  });

  it("classifies destroy_virtual_machine as Destructive and denies it", () => {
    const tool = getCatalogTool("cloudstack-mcp-server", "destroy_virtual_machine");
    expect(tool?.classification).toMatchObject({ category: "Destructive", level: "critical" });
    expect(tool?.recommendedRule.action).toBe("deny");
  });

  it("describes how to run the npm reference servers", () => {
    for (const slug of ["server-everything", "server-filesystem", "server-memory"]) {
      const entry = getCatalogEntry(slug);
      expect(entry?.run.npmPackage).toBe(`@modelcontextprotocol/${slug}`);
      expect(entry?.run.command).toBe("npx");
      expect(entry?.run.args).toContain(`@modelcontextprotocol/${slug}`);
      expect(entry?.tools.length).toBeGreaterThan(5);
    }
    expect(getCatalogTool("server-filesystem", "write_file")?.classification.category).not.toMatch(/^Read$/);
  });

  it("answers undefined for unknown slugs and tools, and entries are frozen", () => {
    expect(getCatalogEntry("nope")).toBeUndefined();
    expect(getCatalogTool("cloudstack-mcp-server", "nope")).toBeUndefined();
    expect(getCatalogTool("nope", "list_async_jobs")).toBeUndefined();
    const entry = getCatalogEntry("server-memory")!;
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.tools[0]?.classification.evidence)).toBe(true);
  });
});
