// The client's address for per-address limits and the sessions list: the last X-Forwarded-For hop (the one the
// nearest proxy, or Next's own server, saw; earlier hops are the client's word), else X-Real-IP.
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  if (last) return last.slice(0, 64);
  return headers.get("x-real-ip")?.trim().slice(0, 64) || "unknown";
}
