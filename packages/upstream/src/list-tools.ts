/** Lists every tool of an upstream, following `nextCursor` pagination (bounded, so a looping server cannot hang). */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { UpstreamError } from "./errors.js";

const MAX_PAGES = 1000;

export async function listAllTools(client: Client, options: { timeoutMs?: number } = {}): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await client.listTools(cursor ? { cursor } : {}, { timeout: options.timeoutMs ?? 30_000 });
    tools.push(...result.tools);
    if (!result.nextCursor) return tools;
    cursor = result.nextCursor;
  }
  throw new UpstreamError("connect_failed", `The upstream returned more than ${MAX_PAGES} pages of tools`);
}
