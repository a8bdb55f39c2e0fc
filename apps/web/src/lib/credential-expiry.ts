// When a credential (an agent key or an API token) expires, in the dashboard: the choices the forms offer, the
// `expiresAt` a choice asks the server for (which validates it with ZExpiresAtSchema), how an expiry reads on a
// page, and whether a credential still works. Shared by server and client.

const DAY_MS = 24 * 60 * 60 * 1000;

export const EXPIRY_CHOICES = [
  { value: "never", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "custom", label: "On a date…" },
] as const;

export type TExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];

export function isExpiryChoice(value: unknown): value is TExpiryChoice {
  return EXPIRY_CHOICES.some((choice) => choice.value === value);
}

/**
 * The `expiresAt` to send for a choice, or undefined for a credential that never expires. A custom date
 * (YYYY-MM-DD) is the last day the credential works: it expires at the end of that day, UTC. Anything else the date
 * field holds is passed on as it is, so that the server's schema refuses it with its own message.
 */
export function expiresAtOfChoice(
  choice: TExpiryChoice,
  customDate: string,
  now = Date.now(),
): string | undefined {
  if (choice === "never") return undefined;
  if (choice === "custom") {
    return /^\d{4}-\d{2}-\d{2}$/.test(customDate) ? `${customDate}T23:59:59.999Z` : customDate;
  }
  return new Date(now + Number(choice) * DAY_MS).toISOString();
}

export type TExpiry =
  | { state: "never" }
  | { state: "active"; expiresAt: string }
  | { state: "expired"; expiresAt: string };

export function expiryOf(expiresAt: string | null, now = Date.now()): TExpiry {
  if (!expiresAt) return { state: "never" };
  return new Date(expiresAt).getTime() <= now
    ? { state: "expired", expiresAt }
    : { state: "active", expiresAt };
}

/** "Never expires", "Expires 2026-12-24" or "Expired 2026-12-24" (UTC dates, like the rest of the dashboard). */
export function describeExpiry(expiresAt: string | null, now = Date.now()): string {
  const expiry = expiryOf(expiresAt, now);
  if (expiry.state === "never") return "Never expires";
  const day = expiry.expiresAt.slice(0, 10);
  return expiry.state === "expired" ? `Expired ${day}` : `Expires ${day}`;
}

export type TCredentialStatus = "active" | "expired" | "revoked";

/** Whether a credential works: a revoked one reads as revoked even once its expiry has passed. */
export function credentialStatusOf(
  credential: { revokedAt: string | null; expiresAt: string | null },
  now = Date.now(),
): TCredentialStatus {
  if (credential.revokedAt) return "revoked";
  return expiryOf(credential.expiresAt, now).state === "expired" ? "expired" : "active";
}
