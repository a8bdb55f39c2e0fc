/** UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits; sortable by creation time. */
import { randomUUID } from "node:crypto";

/**
 * The 74 random bits come from a v4 UUID (its 122 random bits are drawn from Node's pooled entropy, far cheaper per
 * call than randomBytes(16)); a v4 UUID already carries the RFC 9562 variant, so only the version changes.
 */
export function uuidv7(now = Date.now()): string {
  const time = now.toString(16).padStart(12, "0").slice(-12);
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
