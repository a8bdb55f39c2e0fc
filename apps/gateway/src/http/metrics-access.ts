/**
 * Who may read `/metrics` (cross-account aggregate counts): with `GATEWAY_METRICS_TOKEN` set, only a request
 * carrying `Authorization: Bearer <token>`; without it, only a request from a loopback address (a sidecar or a
 * scraper on the same host) that no proxy forwarded (no Forwarded / X-Forwarded-For / X-Real-IP header).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type MetricsAccess = "ok" | "unauthorized" | "forbidden";

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A request relayed by a proxy on this host arrives from loopback but speaks for someone else. */
function forwarded(req: IncomingMessage): boolean {
  const headers = req.headers;
  return (
    headers.forwarded !== undefined ||
    headers["x-forwarded-for"] !== undefined ||
    headers["x-real-ip"] !== undefined
  );
}

export function metricsAccess(req: IncomingMessage, token: string | undefined): MetricsAccess {
  if (token) return tokenMatches(req.headers.authorization, token) ? "ok" : "unauthorized";
  return isLoopbackAddress(req.socket.remoteAddress) && !forwarded(req) ? "ok" : "forbidden";
}
