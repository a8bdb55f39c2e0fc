// TOTP (RFC 6238) through otpauth: 6 digits, 30-second steps, SHA-1 (what every authenticator app reads), one step
// of clock drift either way. The secret is stored encrypted (AES-256-GCM) and a step is accepted once.
import { decryptSecret, encryptSecret } from "@gatehouse/db/secrets";
import { Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_S = 30;

export function totpFor(secretBase32: string, label = "Gatehouse"): TOTP {
  return new TOTP({
    issuer: "Gatehouse",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export const sealTotpSecret = (secretBase32: string, key: Buffer) => encryptSecret(secretBase32, key);
export const openTotpSecret = (sealed: string, key: Buffer) => decryptSecret(sealed, key);

/** The time step a code belongs to, or null when it is not a current code. */
export function matchingStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
}
