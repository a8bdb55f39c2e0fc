// What the consent page shows and checks (DESIGN §10): the pending request, its client (marked unverified), and —
// for the signed-in user — the account and server its resource names, the user's role there and the server's
// policies. A resource outside the user's accounts looks the same whether or not it exists.
import { randomBytes } from "node:crypto";
import { parseOAuthResource } from "@gatehouse/db/oauth-tokens";
import { hasRole, type TRole } from "../context";
import type { TOAuthDeps } from "./oauth-settings";
import { redirectTarget } from "./redirect-uris";

export interface TConsentClient {
  name: string;
  clientId: string;
  site: string | null;
  redirectTarget: string;
  kind: "dynamic" | "metadata_document";
}

export type TConsentView =
  | { state: "gone"; message: string }
  | { state: "not_member"; client: TConsentClient; resource: string }
  | {
      state: "ready";
      client: TConsentClient;
      resource: string;
      account: { id: string; slug: string; name: string };
      server: { id: string; slug: string; name: string };
      policies: { id: string; name: string; isDefault: boolean; version: number | null }[];
      role: TRole;
      canAllow: boolean;
    };

export async function loadConsentRequest(deps: TOAuthDeps, requestId: string) {
  if (!/^[0-9a-f-]{36}$/.test(requestId)) return undefined;
  const request = await deps.db.oAuthAuthorizationRequest.findUnique({
    where: { id: requestId },
    include: { client: true },
  });
  if (!request || request.completedAt || request.expiresAt.getTime() <= Date.now()) return undefined;
  return request;
}

export type TConsentRequest = NonNullable<Awaited<ReturnType<typeof loadConsentRequest>>>;

export async function resolveConsentTarget(deps: TOAuthDeps, request: TConsentRequest, userId: string) {
  const target = parseOAuthResource(deps.settings.gatewayPublicUrl, request.resource);
  if (!target) return undefined;
  const membership = await deps.db.membership.findFirst({
    where: { userId, organization: { slug: target.account } },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) return undefined;
  const server = await deps.db.server.findFirst({
    where: { organizationId: membership.organization.id, slug: target.server },
    select: { id: true, slug: true, name: true },
  });
  if (!server) return undefined;
  return { account: membership.organization, role: membership.role as TRole, server };
}

function clientOf(request: TConsentRequest): TConsentClient {
  const { client } = request;
  return {
    name: client.name ?? "Unnamed client",
    clientId: client.clientId,
    site: client.uri,
    redirectTarget: redirectTarget(request.redirectUri),
    kind: client.kind,
  };
}

export async function consentView(
  deps: TOAuthDeps,
  requestId: string,
  userId: string,
): Promise<TConsentView> {
  const request = await loadConsentRequest(deps, requestId);
  if (!request) {
    return {
      state: "gone",
      message: "This sign-in request has expired or was already answered. Start again from your client.",
    };
  }
  const target = await resolveConsentTarget(deps, request, userId);
  if (!target) return { state: "not_member", client: clientOf(request), resource: request.resource };
  const policies = await deps.db.policy.findMany({
    where: { serverId: target.server.id },
    select: { id: true, name: true, isDefault: true, currentVersion: true },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
  });
  return {
    state: "ready",
    client: clientOf(request),
    resource: request.resource,
    account: target.account,
    server: target.server,
    policies: policies.map((policy) => ({
      id: policy.id,
      name: policy.name,
      isDefault: policy.isDefault,
      version: policy.currentVersion,
    })),
    role: target.role,
    canAllow: hasRole(target.role, "policy_manager"),
  };
}

export const agentSuffix = () => randomBytes(2).toString("hex");
