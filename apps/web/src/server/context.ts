// Who is acting, in which account, with which role: the input of every domain operation.
import type { DbClient } from "@gatehouse/db";

export type TRole = "admin" | "policy_manager" | "viewer";

export const ROLE_RANK: Record<TRole, number> = { viewer: 0, policy_manager: 1, admin: 2 };

export const ROLE_LABEL: Record<TRole, string> = {
  admin: "Admin",
  policy_manager: "Policy manager",
  viewer: "Viewer",
};

export interface TActor {
  userId: string | null;
  tokenId: string | null;
  /** A human-readable label for the admin audit (email or token name). */
  label: string;
}

export interface AccountContext {
  db: DbClient;
  organizationId: string;
  accountSlug: string;
  role: TRole;
  actor: TActor;
  /** Settings the operations need from the environment, passed in so tests control them. */
  settings: TSettings;
}

export interface TSettings {
  gatewayPublicUrl: string;
  /** The dashboard's public origin: the upstream OAuth callback and client metadata document live under it. */
  webPublicUrl: string;
  allowPrivateUpstreams: boolean;
  allowStdio: boolean;
  secretKey: Buffer;
}

export function hasRole(role: TRole, needed: TRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}
