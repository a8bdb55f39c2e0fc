/** The risk classifier (DESIGN §3) over real tool lists and edge cases. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ClassifiableTool,
  classifyTool,
  type RiskCategory,
  recommendationSummary,
  recommendPolicy,
  splitWords,
} from "../src/index";

function toolsOf(file: string): ClassifiableTool[] {
  const url = new URL(`../../catalog/data/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, "utf8")) as { tools: ClassifiableTool[] }).tools;
}

/** What a careful engineer would say about each tool. */
const EXPECTED: Record<string, Record<string, RiskCategory>> = {
  "cloudstack-mcp-server.tools.json": {
    ...Object.fromEntries(
      [
        "list_virtual_machines get_virtual_machine list_virtual_machine_metrics list_volumes list_snapshots list_networks",
        "list_public_ip_addresses list_load_balancer_rules list_events list_alerts list_capacity list_async_jobs",
        "list_usage_records list_zones list_templates list_accounts list_users list_domains list_hosts list_clusters",
        "list_storage_pools list_system_vms list_service_offerings list_ssh_key_pairs list_security_groups",
      ]
        .join(" ")
        .split(" ")
        .map((name) => [name, "Read"]),
    ),
    ...Object.fromEntries(
      [
        "start_virtual_machine stop_virtual_machine reboot_virtual_machine scale_virtual_machine migrate_virtual_machine",
        "reset_password_virtual_machine change_service_offering_virtual_machine create_volume attach_volume detach_volume",
        "resize_volume create_snapshot create_network associate_ip_address enable_static_nat create_firewall_rule",
        "create_ssh_key_pair create_security_group_rule",
      ]
        .join(" ")
        .split(" ")
        .map((name) => [name, "Write"]),
    ),
    deploy_virtual_machine: "Execute",
    destroy_virtual_machine: "Destructive",
  },
  "server-everything.tools.json": {
    echo: "Read",
    "get-annotated-message": "Read",
    "get-env": "Read",
    "get-resource-links": "Read",
    "get-resource-reference": "Read",
    "get-structured-content": "Read",
    "get-sum": "Read",
    "get-tiny-image": "Read",
    "get-roots-list": "Read",
    "gzip-file-as-resource": "Write",
    "toggle-simulated-logging": "Write",
    "toggle-subscriber-updates": "Write",
    "trigger-long-running-operation": "Execute",
    "trigger-elicitation-request": "Execute",
    "trigger-sampling-request": "Execute",
    "simulate-research-query": "Read",
  },
  "server-filesystem.tools.json": {
    read_file: "Read",
    read_text_file: "Read",
    read_media_file: "Read",
    read_multiple_files: "Read",
    write_file: "Destructive",
    edit_file: "Destructive",
    create_directory: "Write",
    list_directory: "Read",
    list_directory_with_sizes: "Read",
    directory_tree: "Read",
    move_file: "Destructive",
    search_files: "Read",
    get_file_info: "Read",
    list_allowed_directories: "Read",
  },
  "server-memory.tools.json": {
    create_entities: "Write",
    create_relations: "Write",
    add_observations: "Write",
    delete_entities: "Destructive",
    delete_observations: "Destructive",
    delete_relations: "Destructive",
    read_graph: "Read",
    search_nodes: "Read",
    open_nodes: "Read",
  },
};

/** Tools whose level is above their category's because they expose secrets or change access (DESIGN §3). */
const RAISED: Record<string, string> = {
  "get-env": "secrets",
  reset_password_virtual_machine: "access",
  create_firewall_rule: "access",
  create_security_group_rule: "access",
  create_ssh_key_pair: "access",
  enable_static_nat: "access",
};

const LEVEL = {
  Read: "low",
  Write: "medium",
  Execute: "high",
  Destructive: "critical",
  Financial: "critical",
};

describe("classifyTool", () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    const tools = toolsOf(file);
    it(`[R40] ${file}: every tool is in the table`, () => {
      expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(expected).sort());
    });
    it.each(tools.map((tool) => [tool.name, tool] as const))(`[R40, R53] ${file}: %s`, (name, tool) => {
      const result = classifyTool(tool);
      expect(result.category).toBe(expected[name]);
      if (RAISED[name]) {
        expect(result.level).toBe("high");
        expect(result.exposure).toContain(RAISED[name]);
        expect(result.evidence.join(" | ")).toContain("(raises to high)");
      } else {
        expect(result.level).toBe(LEVEL[result.category]);
        expect(result.exposure).toBeUndefined();
      }
    });
  }

  it("[R40] the CloudStack set has exactly 45 tools", () => {
    expect(toolsOf("cloudstack-mcp-server.tools.json")).toHaveLength(45);
  });

  it("[R43] explains list_async_jobs and destroy_virtual_machine in readable evidence", () => {
    const cloudstack = toolsOf("cloudstack-mcp-server.tools.json");
    const byName = (n: string) => cloudstack.find((t) => t.name === n)!;
    const list = classifyTool(byName("list_async_jobs"));
    expect(list).toMatchObject({ category: "Read", level: "low", evidence: ["name starts with list_"] });
    const destroy = classifyTool(byName("destroy_virtual_machine"));
    expect(destroy.evidence[0]).toBe("name starts with destroy_");
    expect(destroy.rationale).toMatch(/^destroy_virtual_machine is classified Destructive \(critical risk\)/);
    expect(destroy.rationale).toContain("name starts with destroy_");
    expect(destroy.rationale).not.toContain("\n");
  });

  it.each([
    ["destroy_virtual_machine", ["destroy", "virtual", "machine"]],
    ["get-env", ["get", "env"]],
    ["resetPassword", ["reset", "password"]],
    ["DeleteUser", ["delete", "user"]],
    ["getHTTPResponse", ["get", "http", "response"]],
    ["files.read_v2", ["files", "read", "v", "2"]],
  ])("[R39] splits %s into words", (name, words) => {
    expect(splitWords(name)).toEqual(words);
  });

  it.each([
    ["resetPassword", "Write", "name starts with reset"],
    ["DeleteUser", "Destructive", "name starts with Delete"],
    ["get-env", "Read", "name starts with get-"],
    ["file_delete", "Destructive", 'name contains "delete"'],
    ["runShellCommand", "Execute", "name starts with run"],
    ["charge_customer", "Financial", "name starts with charge_"],
    ["create_refund", "Write", "name starts with create_"],
    ["get_or_delete_user", "Destructive", 'name also says "or delete"'],
  ])("[R39] places %s in %s", (name, category, evidence) => {
    const result = classifyTool({ name });
    expect(result.category).toBe(category);
    expect(result.evidence).toContain(evidence);
  });

  it("[R41] destructiveHint raises the risk", () => {
    const result = classifyTool({ name: "update_record", annotations: { destructiveHint: true } });
    expect(result.category).toBe("Destructive");
    expect(result.evidence).toContain("annotation destructiveHint: true (raises to Destructive)");
  });

  it("[R41] readOnlyHint never lowers what the name says", () => {
    const result = classifyTool({ name: "delete_everything", annotations: { readOnlyHint: true } });
    expect(result.category).toBe("Destructive");
    expect(result.evidence.join(" ")).toContain("readOnlyHint: true ignored");
    expect(classifyTool({ name: "create_x", annotations: { readOnlyHint: true } }).category).toBe("Write");
  });

  it("[R41] readOnlyHint places an otherwise unknown tool in Read", () => {
    const result = classifyTool({ name: "frobnicate", annotations: { readOnlyHint: true } });
    expect(result).toMatchObject({ category: "Read", level: "low" });
    expect(result.evidence[0]).toContain("readOnlyHint");
    expect(classifyTool({ name: "frobnicate", annotations: { readOnlyHint: false } }).category).toBe("Write");
  });

  it('[R42] an unplaced tool is Write/medium with the evidence "effect unknown"', () => {
    const result = classifyTool({ name: "frobnicate", description: "Frobnicates the widget." });
    expect(result).toMatchObject({ category: "Write", level: "medium", evidence: ["effect unknown"] });
    expect(result.rationale).toContain("neither its name nor its description");
    expect(classifyTool({ name: "" }).category).toBe("Write");
  });

  it("[R42] a description's leading verb places a tool the name does not", () => {
    const result = classifyTool({ name: "directory_tree", description: "Get a recursive tree view" });
    expect(result).toMatchObject({ category: "Read", evidence: ['description starts with "Get"'] });
    expect(classifyTool({ name: "widgets", description: "Deletes all widgets" }).category).toBe(
      "Destructive",
    );
  });

  it.each([
    [
      { name: "update_table", description: "Replaces rows. This cannot be undone." },
      "Destructive",
      'description says "cannot be undone"',
    ],
    [
      { name: "update_host", description: "Updates the host by running shell commands" },
      "Execute",
      'description says "shell commands" (raises to Execute)',
    ],
    [
      { name: "update_order", description: "Charges the customer's card for the order" },
      "Financial",
      "description says",
    ],
    [
      { name: "create_job", inputSchema: { type: "object", properties: { command: { type: "string" } } } },
      "Execute",
      'input has field "command"',
    ],
    [
      {
        name: "submit",
        inputSchema: { type: "object", properties: { opts: { type: "object", properties: { script: {} } } } },
      },
      "Execute",
      'input has field "script"',
    ],
    [
      { name: "create_payout", inputSchema: { properties: { amount: { type: "number" } } } },
      "Financial",
      'input has field "amount"',
    ],
  ])("[R44] description phrases and input fields raise the category: %j", (tool, category, evidence) => {
    const result = classifyTool(tool);
    expect(result.category).toBe(category);
    expect(result.evidence.join(" | ")).toContain(evidence);
  });

  it("[R44] phrases never lower: a list tool mentioning billing stays Read", () => {
    expect(
      classifyTool({ name: "list_usage_records", description: "List usage records for billing" }).category,
    ).toBe("Read");
  });

  it("[R53] get-env is Read but high, with the evidence and a rationale that says why", () => {
    const result = classifyTool({
      name: "get-env",
      description: "Returns all environment variables, helpful for debugging MCP server configuration",
    });
    expect(result).toMatchObject({ category: "Read", level: "high", exposure: ["secrets"] });
    expect(result.evidence).toContain('name says "env": may expose secrets or credentials (raises to high)');
    expect(result.rationale).toContain("It is rated high rather than low because it may expose secrets");
  });

  it.each([
    [{ name: "read_config", description: "Returns the API key and other credentials" }, "Read", "secrets"],
    [{ name: "getAccessToken" }, "Read", "secrets"],
    [{ name: "list_secrets" }, "Read", "secrets"],
    [
      { name: "update_user", inputSchema: { properties: { password: { type: "string" } } } },
      "Write",
      "access",
    ],
    [{ name: "set_permissions" }, "Write", "access"],
    [{ name: "assign_role" }, "Write", "access"],
    [{ name: "create_rule", description: "Adds an ingress rule to a security group" }, "Write", "access"],
  ] as const)("[R53] raises %j", (tool, category, exposure) => {
    const result = classifyTool(tool);
    expect(result).toMatchObject({ category, level: "high" });
    expect(result.exposure).toContain(exposure);
  });

  it.each([
    [{ name: "list_security_groups", description: "List security groups" }, "low"],
    [{ name: "count_tokens", description: "Counts the tokens of a prompt" }, "low"],
    [{ name: "get_file_info", description: "Returns size and permissions of a file" }, "low"],
    [{ name: "trigger-sampling-request", inputSchema: { properties: { maxTokens: {} } } }, "high"],
    [{ name: "delete_password", description: "Deletes a stored password" }, "critical"],
  ] as const)(
    "[R53] never lowers and ignores access words on tools that change nothing: %j",
    (tool, level) => {
      const result = classifyTool(tool);
      expect(result.level).toBe(level);
      if (level === "low" || level === "critical") expect(result.exposure).toBeUndefined();
    },
  );

  it("[R53] recommends approval for Read and Write tools that expose secrets or change access", () => {
    const p = recommendPolicy([{ name: "get-env" }, { name: "create_firewall_rule" }, { name: "get-sum" }]);
    expect(p.tools?.["get-env"]).toMatchObject({ action: "require_approval" });
    expect(p.tools?.create_firewall_rule).toMatchObject({ action: "require_approval" });
    expect(p.tools?.["get-sum"]).toEqual({});
    expect(recommendationSummary("Read", "high")).toContain("approval");
  });
});
