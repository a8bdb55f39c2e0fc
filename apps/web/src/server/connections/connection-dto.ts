// What the browser and the API see of an upstream OAuth connection: its status, expiry and scopes — never a token.
export type TConnectionStatus = "connected" | "expired" | "not_connected";

export interface TConnectionDto {
  status: TConnectionStatus;
  expiresAt?: string;
  scopes?: string[];
  connectedAt?: string;
  /** Why it expired (the authorization server's answer), when it did. */
  error?: string;
}

/** The columns a DTO needs: select these, never the ciphertexts. */
export const connectionSelect = {
  status: true,
  expiresAt: true,
  scopes: true,
  connectedAt: true,
  lastError: true,
} as const;

export interface TConnectionRow {
  status: "connected" | "expired";
  expiresAt: Date | null;
  scopes: string[];
  connectedAt: Date;
  lastError: string | null;
}

export function toConnectionDto(row: TConnectionRow | null | undefined): TConnectionDto {
  if (!row) return { status: "not_connected" };
  return {
    status: row.status,
    ...(row.expiresAt && row.status === "connected" ? { expiresAt: row.expiresAt.toISOString() } : {}),
    ...(row.scopes.length > 0 ? { scopes: row.scopes } : {}),
    connectedAt: row.connectedAt.toISOString(),
    ...(row.status === "expired" && row.lastError ? { error: row.lastError } : {}),
  };
}
