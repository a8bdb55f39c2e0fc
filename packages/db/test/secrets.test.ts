import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../src/passwords.js";
import {
  decryptJson,
  decryptSecret,
  encryptJson,
  encryptSecret,
  generateAgentKey,
  generateApiToken,
  generateSecretKey,
  hashToken,
  parseSecretKey,
} from "../src/secrets.js";

const key = parseSecretKey(generateSecretKey());

describe("secrets", () => {
  it("round-trips JSON through AES-256-GCM with a fresh IV each time", () => {
    const headers = { Authorization: "Bearer upstream-secret" };
    const a = encryptJson(headers, key);
    const b = encryptJson(headers, key);
    expect(a).not.toEqual(b);
    expect(a).not.toContain("upstream-secret");
    expect(decryptJson(a, key)).toEqual(headers);
  });

  it("refuses a tampered ciphertext or the wrong key", () => {
    const sealed = encryptSecret("hello", key);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(sealed, parseSecretKey(generateSecretKey()))).toThrow();
    expect(() => decryptSecret("garbage", key)).toThrow(/not a Gatehouse ciphertext/);
  });

  it("accepts a 32-byte key as hex or base64 and refuses anything else with a clear message", () => {
    expect(parseSecretKey("ab".repeat(32))).toHaveLength(32);
    expect(() => parseSecretKey("short")).toThrow(/GATEHOUSE_SECRET_KEY must be 32 bytes/);
  });

  it("makes agent keys and API tokens whose stored parts cannot give the value back", () => {
    const agentKey = generateAgentKey();
    const apiToken = generateApiToken();
    expect(agentKey.value).toMatch(/^gate_ak_[A-Za-z0-9_-]{43}$/);
    expect(apiToken.value).toMatch(/^gate_at_/);
    expect(agentKey.hash).toEqual(hashToken(agentKey.value));
    expect(agentKey.value.startsWith(agentKey.prefix)).toBe(true);
    expect(agentKey.prefix.length).toBeLessThan(agentKey.value.length / 2);
  });

  it("hashes passwords with argon2id and verifies only the right one", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse")).toBe(true);
    expect(await verifyPassword(hash, "wrong horse")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });
});
