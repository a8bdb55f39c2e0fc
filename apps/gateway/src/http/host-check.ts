/**
 * DNS-rebinding protection (DESIGN §5): the Host, and a browser's Origin when present, must name an allowed host;
 * an Origin may also be one of GATEWAY_CORS_ORIGINS (or any, for "*"), for browser clients served elsewhere.
 */
import type { IncomingMessage } from "node:http";

function hostnameOf(hostHeader: string): string {
  const trimmed = hostHeader.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(1, trimmed.indexOf("]"));
  const colon = trimmed.lastIndexOf(":");
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

export function hostAllowed(
  req: IncomingMessage,
  allowedHosts: readonly string[],
  corsOrigins: readonly string[] = [],
): boolean {
  const host = req.headers.host;
  if (!host || !allowedHosts.includes(hostnameOf(host))) return false;
  const origin = req.headers.origin;
  return origin === undefined || originAllowed(origin, allowedHosts, corsOrigins);
}

/** Whether a browser page of `origin` may use the gateway. */
export function originAllowed(
  origin: string,
  allowedHosts: readonly string[],
  corsOrigins: readonly string[],
): boolean {
  if (corsOrigins.includes("*") || corsOrigins.includes(origin.toLowerCase())) return true;
  try {
    return allowedHosts.includes(new URL(origin).hostname.toLowerCase().replace(/^\[|\]$/g, ""));
  } catch {
    return false;
  }
}
