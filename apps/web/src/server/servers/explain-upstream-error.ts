// Turns a failed connection to an upstream MCP server into a sentence that says what to check. The raw text
// ("connect ECONNREFUSED 127.0.0.1:9") is kept at the end for whoever runs the server, but the person registering
// it first reads what went wrong in their terms and what to look at.
import { isUpstreamError } from "@gatehouse/upstream";

interface TExplainTarget {
  transport: string;
  url?: string | null | undefined;
  command?: string | null | undefined;
}

function hostOf(url: string | null | undefined): string {
  if (!url) return "the server";
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function pathOf(url: string | null | undefined): string {
  try {
    return url ? new URL(url).pathname : "";
  } catch {
    return "";
  }
}

function rawTextOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Could not connect to the upstream: /, "").trim();
}

/** What to tell a person whose server could not be reached, from the error and what they entered. */
export function explainUpstreamError(error: unknown, target: TExplainTarget): string {
  const raw = rawTextOf(error);
  const host = hostOf(target.url);
  const detail = raw ? ` (${raw.split("\n")[0]})` : "";
  if (target.transport === "stdio") {
    if (/ENOENT|not found/i.test(raw)) {
      return `The command "${target.command ?? ""}" could not be started. Check that it is installed on the machine running Gatehouse and on its PATH${detail}.`;
    }
    return `The command started but did not answer as an MCP server over stdio. Check its arguments and environment, and that it writes nothing but MCP messages to stdout${detail}.`;
  }
  if (isUpstreamError(error) && error.code === "private_address") return raw;
  if (isUpstreamError(error) && error.code === "timeout") {
    return `${host} did not answer within 20 seconds. Check that the server is running and not overloaded, and that no firewall drops the connection${detail}.`;
  }
  if (/ECONNREFUSED/.test(raw)) {
    return `Nothing is listening at ${host}. Check that the server is running, and that the host and port in the URL are the ones it listens on${detail}.`;
  }
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(raw)) {
    return `The host name in the URL (${host}) could not be found. Check its spelling, and that it resolves from where Gatehouse runs${detail}.`;
  }
  if (/ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up/.test(raw)) {
    return `The connection to ${host} was cut or timed out. Check that the server is reachable from where Gatehouse runs (firewalls, VPN)${detail}.`;
  }
  if (/EPROTO|SSL|certificate|self[- ]signed|CERT_/i.test(raw)) {
    return `The secure connection to ${host} failed. Check whether the URL should start with http:// rather than https://, and that the server's certificate is valid${detail}.`;
  }
  if (/\b401\b|\b403\b|unauthori[sz]ed|forbidden/i.test(raw)) {
    return `${host} refused the connection as unauthorised. Check the upstream headers (for example "Authorization: Bearer …"), or choose OAuth sign-in${detail}.`;
  }
  if (/\b404\b|\b405\b/.test(raw)) {
    const hint =
      target.transport === "sse"
        ? "legacy SSE servers usually listen at /sse"
        : "Streamable HTTP servers usually listen at /mcp";
    return `${host} answered, but not at ${pathOf(target.url) || "that path"}. Check the path in the URL (${hint}) and the transport${detail}.`;
  }
  if (/content type|text\/event-stream|Unexpected|JSON|parse/i.test(raw)) {
    return `${host} answered, but not as an MCP server. Check that the URL points at the MCP endpoint, not a web page, and that the transport matches what the server speaks${detail}.`;
  }
  return `Gatehouse could not connect to ${host} as an MCP client. Check the URL, the transport and the headers${detail}.`;
}
