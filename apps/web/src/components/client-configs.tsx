"use client";
// Ready-to-paste client configuration for a gateway URL: Claude Desktop, Claude Code, Cursor, VS Code.
import { useState } from "react";
import { CodeBlock } from "@/components/ui/copy-button";
import { cn } from "@/lib/cn";

type TClient = "claude-desktop" | "claude-code" | "cursor" | "vscode";

const LABEL: Record<TClient, string> = {
  "claude-desktop": "Claude Desktop",
  "claude-code": "Claude Code",
  cursor: "Cursor",
  vscode: "VS Code",
};

const WHERE: Record<TClient, string> = {
  "claude-desktop": "claude_desktop_config.json (uses mcp-remote, which Claude Desktop runs with npx)",
  "claude-code": "Run in a terminal",
  cursor: "~/.cursor/mcp.json or .cursor/mcp.json in a project",
  vscode: ".vscode/mcp.json (VS Code asks for the key once and stores it securely)",
};

export function configFor(client: TClient, name: string, url: string, key: string): string {
  switch (client) {
    case "claude-desktop":
      return JSON.stringify(
        {
          mcpServers: {
            [name]: {
              command: "npx",
              args: ["-y", "mcp-remote", url, "--header", "Authorization:$" + "{GATEHOUSE_AUTH}"],
              env: { GATEHOUSE_AUTH: `Bearer ${key}` },
            },
          },
        },
        null,
        2,
      );
    case "claude-code":
      return `claude mcp add --transport http ${name} ${url} \\\n  --header "Authorization: Bearer ${key}"`;
    case "cursor":
      return JSON.stringify(
        { mcpServers: { [name]: { url, headers: { Authorization: `Bearer ${key}` } } } },
        null,
        2,
      );
    case "vscode":
      return JSON.stringify(
        {
          servers: {
            [name]: { type: "http", url, headers: { Authorization: "Bearer $" + "{input:gatehouse-key}" } },
          },
          inputs: [
            {
              type: "promptString",
              id: "gatehouse-key",
              description: `Gatehouse agent key for ${name}`,
              password: true,
            },
          ],
        },
        null,
        2,
      );
  }
}

export function ClientConfigs({ name, url, agentKey }: { name: string; url: string; agentKey?: string }) {
  const [client, setClient] = useState<TClient>("claude-desktop");
  const key = agentKey ?? "gate_ak_YOUR_AGENT_KEY";
  return (
    <div>
      <div role="tablist" aria-label="MCP client" className="mb-3 flex flex-wrap gap-1">
        {(Object.keys(LABEL) as TClient[]).map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={client === value}
            onClick={() => setClient(value)}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              client === value ? "bg-slate-900 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200",
            )}
          >
            {LABEL[value]}
          </button>
        ))}
      </div>
      <p className="mb-2 text-xs text-slate-600">{WHERE[client]}</p>
      <CodeBlock value={configFor(client, name, url, key)} />
    </div>
  );
}
