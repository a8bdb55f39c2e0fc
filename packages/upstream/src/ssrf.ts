/**
 * SSRF guard for upstream URLs (DESIGN §3, §5): private, loopback, link-local, carrier-grade NAT, multicast,
 * reserved and cloud-metadata addresses are refused unless the deployment allows private upstreams. Every address a
 * name resolves to is checked, and `guardedLookup` checks again at connect time so DNS rebinding cannot slip past.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { UpstreamError } from "./errors.js";

const BLOCKED_HOSTNAMES = new Set(["metadata.google.internal", "metadata", "metadata.azure.internal"]);

function ipv4ToInt(ip: string): number {
  const parts = ip.split(".").map((part) => Number.parseInt(part, 10));
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

const IPV4_BLOCKED: ReadonlyArray<[string, number]> = [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

function isBlockedIpv4(ip: string): boolean {
  const value = ipv4ToInt(ip);
  return IPV4_BLOCKED.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0;
  });
}

function expandIpv6(ip: string): number[] | undefined {
  let text = ip.toLowerCase().split("%")[0] ?? "";
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = ipv4ToInt(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (tail === undefined && missing !== 0) return undefined;
  const groups = [...headParts, ...Array<string>(Math.max(missing, 0)).fill("0"), ...tailParts];
  return groups.map((group) => Number.parseInt(group || "0", 16));
}

function isBlockedIpv6(ip: string): boolean {
  const groups = expandIpv6(ip) ?? [];
  if (groups.length !== 8) return true;
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const allZeroTo = (end: number) => groups.slice(0, end).every((g) => g === 0);
  const embedded = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  // ::/96 holds :: and ::1 and the deprecated IPv4-compatible ::a.b.c.d, which some stacks still route to the
  // embedded IPv4 address: nothing public lives there, so all of it is refused.
  if (allZeroTo(6)) return true;
  if (allZeroTo(5) && g5 === 0xffff) return isBlockedIpv4(embedded(g6, g7)); // IPv4-mapped
  // IPv4-translated (::ffff:0:0/96, SIIT, RFC 2765): a translator would carry it to the embedded IPv4 address,
  // and no public service is reached through it, so all of it is refused.
  if (allZeroTo(4) && groups[4] === 0xffff && g5 === 0) return true;
  if (g0 === 0x64 && g1 === 0xff9b && groups[2] === 1) return true; // local-use NAT64 (64:ff9b:1::/48)
  if (g0 === 0x64 && g1 === 0xff9b) return isBlockedIpv4(embedded(g6, g7)); // NAT64
  if (g0 === 0x2002) return isBlockedIpv4(embedded(g1, groups[2] ?? 0)); // 6to4 embeds an IPv4 in bits 16-47
  if (g0 === 0x2001 && g1 === 0) return true; // Teredo (2001::/32) tunnels to an obfuscated IPv4
  if (g0 === 0x100 && groups.slice(1, 4).every((g) => g === 0)) return true; // discard-only (100::/64)
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local (includes fd00:ec2::254 metadata)
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  return false;
}

/** True when an IP literal is one an upstream may not point at (private, loopback, link-local, metadata, …). */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return isBlockedIpv4(ip);
  if (family === 6) return isBlockedIpv6(ip);
  return true;
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses);
    });
  });
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/** Parses an upstream URL, accepting only http(s) without embedded credentials. */
export function parseUpstreamUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UpstreamError("invalid_target", "Upstream URL is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UpstreamError("invalid_target", `Upstream URL must use http or https, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) {
    throw new UpstreamError("invalid_target", "Upstream URL must not embed credentials; use headers instead");
  }
  return parsed;
}

/**
 * Refuses an upstream URL whose host is, or resolves to, an address that is not public.
 * With `allowPrivate` only the URL's shape is checked.
 */
export async function assertUpstreamAllowed(url: string, options: { allowPrivate: boolean }): Promise<void> {
  const parsed = parseUpstreamUrl(url);
  if (options.allowPrivate) return;
  const host = stripBrackets(parsed.hostname).toLowerCase();
  if (BLOCKED_HOSTNAMES.has(host) || host === "localhost" || host.endsWith(".localhost")) {
    throw new UpstreamError(
      "private_address",
      `Upstream host ${host} is not allowed (private or metadata host)`,
    );
  }
  if (isIP(host)) {
    if (isPrivateAddress(host)) {
      throw new UpstreamError(
        "private_address",
        `Upstream address ${host} is private, loopback or link-local`,
      );
    }
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch (error: unknown) {
    throw new UpstreamError("dns_failure", `Upstream host ${host} could not be resolved`, { cause: error });
  }
  const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
  if (blocked || addresses.length === 0) {
    throw new UpstreamError(
      "private_address",
      `Upstream host ${host} resolves to ${blocked?.address ?? "nothing"}, a private, loopback or link-local address`,
    );
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for node:http that refuses private addresses at connect time (redirect and rebinding safe). */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
    if (error) {
      callback(error, []);
      return;
    }
    const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
    if (blocked || addresses.length === 0) {
      const refusal: NodeJS.ErrnoException = new UpstreamError(
        "private_address",
        `Upstream host ${hostname} resolves to a private, loopback or link-local address`,
      );
      callback(refusal, []);
      return;
    }
    if (options.all) {
      callback(null, addresses);
      return;
    }
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}
