/**
 * Which headers an account may store for its upstream. They are written into requests on connections shared by
 * every account that uses the same upstream origin, so anything that frames the message or manages the connection
 * (Content-Length, Transfer-Encoding, Connection, …) is refused: it could splice another account's request into
 * this one's. Values must be valid header values (no CR, LF or other control characters).
 */
/** An HTTP token (RFC 9110): what a header name may be. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const RESERVED = new Set([
  "connection",
  "content-length",
  "expect",
  "keep-alive",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Why this header cannot be stored for an upstream, or undefined when it can. */
export function storedHeaderProblem(name: string, value: string): string | undefined {
  if (!HTTP_TOKEN.test(name)) return `"${name}" is not a valid header name`;
  const lower = name.toLowerCase();
  if (RESERVED.has(lower) || lower.startsWith("proxy-")) {
    return `${name} is set by the gateway for each request and cannot be stored`;
  }
  if (INVALID_HEADER_VALUE.test(value))
    return `the value of ${name} contains a line break or control character`;
  return undefined;
}

/** node:http's rule for header values (its checkInvalidHeaderChar). */
export function isValidHeaderValue(value: string): boolean {
  return !INVALID_HEADER_VALUE.test(value);
}
