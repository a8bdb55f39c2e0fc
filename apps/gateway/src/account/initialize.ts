/**
 * The account URL's answer to `initialize`: the union of the capabilities its servers offered (tools always, with
 * listChanged, since a publish on any server changes the list), and their instructions under their names.
 */
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import type { ServerInit } from "./server-part.js";

export interface InitializedServer {
  slug: string;
  name: string;
  init: ServerInit;
}

function flag(inits: readonly ServerInit[], capability: string, key: string): boolean {
  return inits.some((init) => {
    const value = init.capabilities[capability];
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[key] === true;
  });
}

function offered(inits: readonly ServerInit[], capability: string): boolean {
  return inits.some((init) => init.capabilities[capability] !== undefined);
}

export function unionCapabilities(inits: readonly ServerInit[]): Record<string, unknown> {
  const capabilities: Record<string, unknown> = { tools: { listChanged: true } };
  if (offered(inits, "resources")) {
    capabilities.resources = {
      ...(flag(inits, "resources", "subscribe") ? { subscribe: true } : {}),
      ...(flag(inits, "resources", "listChanged") ? { listChanged: true } : {}),
    };
  }
  if (offered(inits, "prompts")) {
    capabilities.prompts = flag(inits, "prompts", "listChanged") ? { listChanged: true } : {};
  }
  if (offered(inits, "completions")) capabilities.completions = {};
  if (offered(inits, "logging")) capabilities.logging = {};
  return capabilities;
}

/** Each server's instructions under a heading that names it and the prefix of its tools. */
export function combinedInstructions(servers: readonly InitializedServer[]): string | undefined {
  const parts = servers
    .filter((server) => server.init.instructions?.trim())
    .map(
      (server) =>
        `## ${server.name} (tools and prompts named ${server.slug}__…)\n\n${server.init.instructions?.trim()}`,
    );
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

/** The version the agent asked for when the SDK speaks it (the upstreams were asked for the same), else the latest. */
export function negotiatedVersion(requested: unknown): string {
  return typeof requested === "string" && SUPPORTED_PROTOCOL_VERSIONS.includes(requested)
    ? requested
    : LATEST_PROTOCOL_VERSION;
}

export function initializeResult(
  accountSlug: string,
  requested: unknown,
  servers: readonly InitializedServer[],
): Record<string, unknown> {
  const instructions = combinedInstructions(servers);
  return {
    protocolVersion: negotiatedVersion(requested),
    capabilities: unionCapabilities(servers.map((server) => server.init)),
    serverInfo: { name: "gatehouse", title: `Gatehouse: ${accountSlug}`, version: "1.0.0" },
    ...(instructions ? { instructions } : {}),
  };
}
