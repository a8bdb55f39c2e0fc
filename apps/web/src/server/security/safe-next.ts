// Where to go after signing in: a path on this site (`next`, or next-auth's `callbackUrl`, which may also be an
// absolute URL of this site, as the OAuth consent page sends). Anything else goes home, never to another site.
export function safeNext(value: unknown, webUrl: string, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 4000) return fallback;
  if (value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")) return value;
  try {
    const url = new URL(value);
    if (url.origin === new URL(webUrl).origin) return `${url.pathname}${url.search}`;
  } catch {
    // not a URL
  }
  return fallback;
}
