/**
 * The known MCP servers: who publishes them, how to run them and where their tool lists come from.
 * Tool lists are real `tools/list` answers stored under data/ (copied into the package so a fresh
 * clone and a container build have them).
 */
import cloudstack from "../data/cloudstack-mcp-server.tools.json";
import everything from "../data/server-everything.tools.json";
import filesystem from "../data/server-filesystem.tools.json";
import memory from "../data/server-memory.tools.json";

export interface RawTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
}

/** How to run a server: an npm package and command line, or a repository to build. */
export interface CatalogRun {
  transport: "stdio" | "streamable-http" | "sse";
  /** npm package, when published there. */
  npmPackage?: string;
  /** Command and arguments that start it (stdio), e.g. `npx -y @modelcontextprotocol/server-memory`. */
  command: string;
  args: string[];
  /** Environment variables it reads. */
  env?: Record<string, string>;
  /** Other transports it offers and anything else worth knowing, for people. */
  notes?: string;
}

export interface CatalogServerSource {
  slug: string;
  name: string;
  description: string;
  /** Who publishes it: an npm scope or a GitHub owner/repository. */
  publisher: string;
  repository?: string;
  run: CatalogRun;
  /** The `serverInfo` it reports on `initialize`. */
  serverInfo: { name: string; version: string; title?: string };
  /** Where the stored tool list was captured. */
  toolsSource: string;
  tools: readonly RawTool[];
}

interface ToolsFile {
  source: string;
  server: { name: string; version: string; title?: string };
  tools: RawTool[];
}

const file = (data: unknown): ToolsFile => data as ToolsFile;

export const SERVER_SOURCES: readonly CatalogServerSource[] = [
  {
    slug: "cloudstack-mcp-server",
    name: "CloudStack MCP Server",
    description:
      "Manages Apache CloudStack infrastructure: virtual machines, volumes, snapshots, networks, public IPs, firewall and security group rules, SSH key pairs, and read access to zones, hosts, accounts, events, alerts and usage.",
    publisher: "phantosmax/cloudstack-mcp-server",
    repository: "https://github.com/phantosmax/cloudstack-mcp-server",
    run: {
      transport: "stdio",
      command: "node",
      args: ["build/index.js"],
      notes:
        "Not published on npm: clone the repository, build it, and run it over stdio with your CloudStack API endpoint and keys in its environment (see its README). Put it behind a gateway that speaks HTTP to register it in a multi-tenant deployment.",
    },
    serverInfo: file(cloudstack).server,
    toolsSource: file(cloudstack).source,
    tools: file(cloudstack).tools,
  },
  {
    slug: "server-everything",
    name: "Everything (MCP reference server)",
    description:
      "The MCP project's test server that exercises every protocol feature: tools, resources, prompts, sampling, elicitation, progress and logging. Useful to try a gateway end to end.",
    publisher: "@modelcontextprotocol",
    repository: "https://github.com/modelcontextprotocol/servers",
    run: {
      transport: "stdio",
      npmPackage: "@modelcontextprotocol/server-everything",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-everything"],
      notes:
        "Add the argument `streamableHttp` (or `sse`) to serve HTTP on $PORT (default 3001) at /mcp instead of stdio.",
    },
    serverInfo: file(everything).server,
    toolsSource: file(everything).source,
    tools: file(everything).tools,
  },
  {
    slug: "server-filesystem",
    name: "Filesystem (MCP reference server)",
    description:
      "Reads, writes, edits, moves and searches files inside the directories it is given on its command line.",
    publisher: "@modelcontextprotocol",
    repository: "https://github.com/modelcontextprotocol/servers",
    run: {
      transport: "stdio",
      npmPackage: "@modelcontextprotocol/server-filesystem",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-filesystem", "/path/to/allowed/dir"],
      notes: "Every argument is a directory it may access; clients that support roots can change them.",
    },
    serverInfo: file(filesystem).server,
    toolsSource: file(filesystem).source,
    tools: file(filesystem).tools,
  },
  {
    slug: "server-memory",
    name: "Memory (MCP reference server)",
    description:
      "A persistent knowledge graph of entities, relations and observations that agents can create, search and delete.",
    publisher: "@modelcontextprotocol",
    repository: "https://github.com/modelcontextprotocol/servers",
    run: {
      transport: "stdio",
      npmPackage: "@modelcontextprotocol/server-memory",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-memory"],
      env: { MEMORY_FILE_PATH: "/path/to/memory.jsonl" },
      notes: "MEMORY_FILE_PATH chooses where the graph is stored (a file next to the package by default).",
    },
    serverInfo: file(memory).server,
    toolsSource: file(memory).source,
    tools: file(memory).tools,
  },
];
