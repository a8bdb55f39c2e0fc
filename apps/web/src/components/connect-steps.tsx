"use client";
// The Connect tab (DESIGN §10): for each MCP client, the URL to use and the steps. Clients that can only sign in
// (Claude.ai, Claude Desktop's connectors, ChatGPT) get the OAuth URL; Cursor, VS Code and Claude Code can do both;
// the key URL suits CI and scripts.
import { useState } from "react";
import { ClientConfigs } from "@/components/client-configs";
import { CodeBlock } from "@/components/ui/copy-button";
import { cn } from "@/lib/cn";

type TTab = "claude" | "chatgpt" | "cursor" | "vscode" | "claude-code" | "key";

const TABS: Record<TTab, string> = {
  claude: "Claude.ai / Claude Desktop",
  chatgpt: "ChatGPT",
  cursor: "Cursor",
  vscode: "VS Code",
  "claude-code": "Claude Code",
  key: "Agent key (CI, scripts)",
};

const ALLOW =
  "Gatehouse opens in your browser: sign in, check the client, the server and its policy, and Allow.";

function Steps({ items }: { items: string[] }) {
  return (
    <ol className="mb-3 list-decimal space-y-1 pl-5 text-sm text-slate-700">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ol>
  );
}

export function ConnectSteps({ name, keyUrl, oauthUrl }: { name: string; keyUrl: string; oauthUrl: string }) {
  const [tab, setTab] = useState<TTab>("claude");
  return (
    <div>
      <div role="tablist" aria-label="MCP client" className="mb-4 flex flex-wrap gap-1">
        {(Object.keys(TABS) as TTab[]).map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={tab === value}
            onClick={() => setTab(value)}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              tab === value ? "bg-slate-900 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200",
            )}
          >
            {TABS[value]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TABS[tab]}>
        {tab === "claude" ? (
          <>
            <Steps
              items={[
                "In Claude, open Settings → Connectors and choose “Add custom connector”.",
                `Name it ${name} and paste the OAuth URL below as the remote MCP server URL; leave the OAuth client ID empty.`,
                `Choose Connect. ${ALLOW}`,
              ]}
            />
            <CodeBlock value={oauthUrl} />
            <p className="mt-2 text-xs text-slate-500">
              Claude connects from Anthropic&apos;s servers, so the gateway must be reachable from the
              internet over https.
            </p>
          </>
        ) : null}
        {tab === "chatgpt" ? (
          <>
            <Steps
              items={[
                "In ChatGPT, open Settings → Apps & Connectors → Advanced settings and turn on Developer mode.",
                "Create a connector: paste the OAuth URL below as the MCP server URL and choose OAuth authentication.",
                ALLOW,
              ]}
            />
            <CodeBlock value={oauthUrl} />
          </>
        ) : null}
        {tab === "cursor" ? (
          <>
            <Steps
              items={[
                "Add this to ~/.cursor/mcp.json (or .cursor/mcp.json in a project).",
                `Cursor shows “Needs login”: choose it. ${ALLOW}`,
              ]}
            />
            <CodeBlock value={JSON.stringify({ mcpServers: { [name]: { url: oauthUrl } } }, null, 2)} />
          </>
        ) : null}
        {tab === "vscode" ? (
          <>
            <Steps
              items={[
                "Add this to .vscode/mcp.json and start the server.",
                `VS Code asks to authenticate: allow it. ${ALLOW}`,
              ]}
            />
            <CodeBlock
              value={JSON.stringify({ servers: { [name]: { type: "http", url: oauthUrl } } }, null, 2)}
            />
          </>
        ) : null}
        {tab === "claude-code" ? (
          <>
            <Steps
              items={[
                "Run this in a terminal.",
                `In Claude Code, run /mcp, pick ${name} and choose Authenticate. ${ALLOW}`,
              ]}
            />
            <CodeBlock value={`claude mcp add --transport http ${name} ${oauthUrl}`} />
          </>
        ) : null}
        {tab === "key" ? (
          <>
            <p className="mb-3 text-sm text-slate-700">
              For CI and scripts, where nobody can sign in: create an agent and key under Agents and send it
              as a header to the key URL. The key URL never asks clients to sign in.
            </p>
            <ClientConfigs name={name} url={keyUrl} />
          </>
        ) : null}
      </div>
    </div>
  );
}
