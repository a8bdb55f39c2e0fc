// Secrets at rest: AES-256-GCM for values we must read back (upstream headers, stdio environment, held-call
// arguments), SHA-256 for high-entropy credentials we only compare (agent keys, API tokens, invitation links).
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

const CIPHER_VERSION = "v1";

/** Accepts 32 bytes as 64 hex characters or base64/base64url. */
export function parseSecretKey(value: string): Buffer {
  const trimmed = value.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (bytes.length !== 32) {
    throw new Error("GATEHOUSE_SECRET_KEY must be 32 bytes, as 64 hex characters or base64");
  }
  return bytes;
}

export function generateSecretKey(): string {
  return randomBytes(32).toString("base64");
}

/** Returns "v1.<iv>.<tag>.<ciphertext>" in base64url. */
export function encryptSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    CIPHER_VERSION,
    iv.toString("base64url"),
    tag.toString("base64url"),
    body.toString("base64url"),
  ].join(".");
}

export function decryptSecret(ciphertext: string, key: Buffer): string {
  const [version, iv, tag, body] = ciphertext.split(".");
  if (version !== CIPHER_VERSION || !iv || !tag || body === undefined) {
    throw new Error("not a Gatehouse ciphertext");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export function encryptJson(value: unknown, key: Buffer): string {
  return encryptSecret(JSON.stringify(value), key);
}

export function decryptJson<T = unknown>(ciphertext: string, key: Buffer): T {
  return JSON.parse(decryptSecret(ciphertext, key)) as T;
}

export function hashToken(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface GeneratedCredential {
  /** Shown once, never stored. */
  value: string;
  /** Stored and shown in lists, e.g. "gate_ak_3fA9". */
  prefix: string;
  /** Stored; what the credential is looked up by. */
  hash: string;
}

function generateCredential(kind: "ak" | "at" | "inv"): GeneratedCredential {
  const value = `gate_${kind}_${randomBytes(32).toString("base64url")}`;
  return { value, prefix: value.slice(0, kind.length + 10), hash: hashToken(value) };
}

export const generateAgentKey = (): GeneratedCredential => generateCredential("ak");
export const generateApiToken = (): GeneratedCredential => generateCredential("at");
export const generateInvitationToken = (): GeneratedCredential => generateCredential("inv");
