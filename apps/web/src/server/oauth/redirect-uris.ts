// Which redirect URIs a client may register (DESIGN §10): https, http only on loopback (RFC 8252 §7.3), and
// private-use schemes of native apps (RFC 8252 §7.1, e.g. cursor://), never schemes a browser would run or read.
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const REFUSED_SCHEMES = new Set([
  "javascript:",
  "data:",
  "file:",
  "blob:",
  "vbscript:",
  "about:",
  "ws:",
  "wss:",
]);

/** Why `uri` may not be a redirect URI, or undefined when it may. */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${uri} is not a URL`;
  }
  if (url.hash) return `${uri} has a fragment`;
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:") {
    return LOOPBACK.has(url.hostname) ? undefined : `${uri} uses http on a host that is not loopback`;
  }
  if (REFUSED_SCHEMES.has(url.protocol)) return `${uri} uses a scheme that is never a redirect URI`;
  return undefined;
}

/** What the consent page shows as where the code goes: the host, or the scheme of a native app. */
export function redirectTarget(uri: string): string {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : `${url.protocol}//${url.host}`;
  } catch {
    return uri;
  }
}
