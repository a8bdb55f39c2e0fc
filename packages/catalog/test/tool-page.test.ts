/** The catalogue's tool pages and search: words written from the evidence, snippets that validate. */
import { validatePolicy } from "@gatehouse/policy";
import { describe, expect, it } from "vitest";
import { catalogToolPage, getCatalogEntry, getCatalogTool, searchCatalog } from "../src/index";

function page(server: string, tool: string) {
  const entry = getCatalogEntry(server);
  const found = getCatalogTool(server, tool);
  if (!entry || !found) throw new Error(`${server}/${tool} is not in the catalogue`);
  return { entry, tool: found, page: catalogToolPage(entry, found) };
}

describe("catalogue tool pages", () => {
  it("says what a read tool does on its server, and offers policies that validate", () => {
    const { page: p } = page("cloudstack-mcp-server", "list_async_jobs");
    expect(p.usage).toContain(
      "to retrieve information from CloudStack MCP Server without modifying anything",
    );
    for (const policy of [p.rateLimitPolicy, p.approvalPolicy, p.denyPolicy]) {
      expect(validatePolicy(policy).ok).toBe(true);
    }
    expect(p.rateLimitPolicy.tools?.list_async_jobs).toEqual({ rate_limit: { max: 10, window: 60 } });
    expect(p.denyPolicy.tools?.list_async_jobs).toMatchObject({ action: "deny" });
    expect(p.questions.map((q) => q.question)).toEqual([
      "What does the list_async_jobs tool do?",
      "How do I enforce a policy on list_async_jobs?",
      "What risk level is list_async_jobs?",
      "Can I rate-limit list_async_jobs?",
      "How do I block list_async_jobs completely?",
      "What MCP server provides list_async_jobs?",
    ]);
    expect(p.questions[2]?.answer).toContain("Read tool with low risk");
  });

  it("explains a raised rating from the evidence and lists related tools of the same server", () => {
    const { entry, tool, page: p } = page("server-everything", "get-env");
    expect(tool.classification).toMatchObject({ category: "Read", level: "high" });
    expect(p.usage).toContain("secrets, credentials or who has access");
    expect(p.related.length).toBeGreaterThan(0);
    expect(p.related.map((t) => t.name)).not.toContain("get-env");
    for (const related of p.related) expect(entry.tools).toContain(related);
    const destroy = page("server-memory", "delete_entities");
    expect(destroy.tool.classification.category).toBe("Destructive");
    expect(destroy.page.usage).toContain("cannot be taken back");
    expect(destroy.page.related.slice(0, 2).map((t) => t.name)).toEqual([
      "delete_observations",
      "delete_relations",
    ]);
  });
});

describe("catalogue search", () => {
  it("finds tools across servers by every word, name matches first", () => {
    const result = searchCatalog("list");
    const servers = new Set(result.tools.map((hit) => hit.serverSlug));
    expect(servers).toEqual(new Set(["cloudstack-mcp-server", "server-filesystem", "server-everything"]));
    expect(result.tools[0]?.tool.name).toMatch(/list/);
    expect(searchCatalog("destroy virtual").tools.map((hit) => hit.tool.name)).toContain(
      "destroy_virtual_machine",
    );
    expect(searchCatalog("cloudstack").servers.map((s) => s.slug)).toEqual(["cloudstack-mcp-server"]);
    expect(searchCatalog("   ")).toEqual({ servers: [], tools: [], truncated: false });
    expect(searchCatalog("no-such-thing-anywhere").tools).toEqual([]);
  });
});
