import type { Metadata } from "next";
import { headers } from "next/headers";
import { CredentialStatusBadge, ExpiryTime } from "@/components/credential-expiry/credential-status";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { credentialStatusOf } from "@/lib/credential-expiry";
import { formatDateTime, formatRelative } from "@/lib/format";
import { getAccountSettings } from "@/server/accounts/update-account-settings";
import { listAdminEvents } from "@/server/audit/list-admin-events";
import { getAccountContext } from "@/server/auth";
import { hasRole, ROLE_LABEL } from "@/server/context";
import { listMembers } from "@/server/members/list-members";
import { listApiTokens } from "@/server/tokens/api-tokens";
import { AccountForm } from "./account-form";
import {
  ApprovalMailsToggle,
  InviteForm,
  MemberControls,
  RevokeInvitation,
  RevokeToken,
} from "./settings-forms";
import { TokenForm } from "./token-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const ctx = await getAccountContext(account);
  const isAdmin = hasRole(ctx.role, "admin");
  const [{ members, invitations }, tokens, events, accountSettings] = await Promise.all([
    listMembers(ctx),
    isAdmin ? listApiTokens(ctx) : Promise.resolve([]),
    isAdmin ? listAdminEvents(ctx, 100) : Promise.resolve([]),
    getAccountSettings(ctx),
  ]);
  const self = members.find((member) => member.userId === ctx.actor.userId);
  const head = await headers();
  const origin = `${head.get("x-forwarded-proto") ?? "http"}://${head.get("host") ?? "localhost"}`;
  const now = Date.now();
  return (
    <>
      <PageHeader
        title="Settings"
        description="Who can do what in this account, API tokens for automation, and the audit of changes."
      />
      <div className="space-y-6">
        {isAdmin ? (
          <Card>
            <CardHeader title="Account" description={`Address: /${accountSettings.slug}`} />
            <CardBody>
              <AccountForm account={account} settings={accountSettings} />
            </CardBody>
          </Card>
        ) : null}
        {self && hasRole(ctx.role, "policy_manager") ? (
          <Card>
            <CardHeader title="Your notifications" />
            <CardBody>
              <ApprovalMailsToggle account={account} on={self.notifyApprovals} />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader
            title="Members"
            description="Admins manage everything; policy managers manage servers, policies and approvals; viewers read."
          />
          <Table label="Members">
            <thead>
              <tr>
                <Th>Member</Th>
                <Th>Role</Th>
                <Th />
              </tr>
            </thead>
            <TBody>
              {members.map((member) => (
                <tr key={member.id}>
                  <Td>
                    <div className="font-medium text-slate-900">{member.email}</div>
                    <div className="text-xs text-slate-500">
                      joined {formatRelative(member.joinedAt)}
                      {member.twoFactor ? " · two-factor on" : ""}
                    </div>
                  </Td>
                  <Td>{ROLE_LABEL[member.role]}</Td>
                  <Td>
                    {isAdmin ? (
                      <MemberControls
                        account={account}
                        membershipId={member.id}
                        role={member.role}
                        self={member.userId === ctx.actor.userId}
                        twoFactor={member.twoFactor}
                      />
                    ) : null}
                  </Td>
                </tr>
              ))}
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <Td>
                    <div className="text-slate-900">{invitation.email}</div>
                    <div className="text-xs text-slate-500">
                      invited, expires {formatDateTime(invitation.expiresAt)}
                    </div>
                  </Td>
                  <Td>
                    <Badge tone="violet">{ROLE_LABEL[invitation.role]} · pending</Badge>
                  </Td>
                  <Td className="text-right">
                    {isAdmin ? <RevokeInvitation account={account} id={invitation.id} /> : null}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
          {isAdmin ? (
            <CardBody className="border-t border-slate-100">
              <InviteForm account={account} origin={origin} />
            </CardBody>
          ) : null}
        </Card>
        {isAdmin ? (
          <Card>
            <CardHeader
              title="API tokens"
              description="For the REST API at /api/v1: send Authorization: Bearer gate_at_…"
            />
            <CardBody className="border-b border-slate-100">
              <TokenForm account={account} />
            </CardBody>
            {tokens.length === 0 ? (
              <EmptyState title="No API tokens" />
            ) : (
              <Table label="API tokens">
                <thead>
                  <tr>
                    <Th>Name</Th>
                    <Th>Role</Th>
                    <Th>Prefix</Th>
                    <Th>Last used</Th>
                    <Th>Expiry</Th>
                    <Th>Status</Th>
                    <Th />
                  </tr>
                </thead>
                <TBody>
                  {tokens.map((token) => (
                    <tr key={token.id} data-testid={`token-${token.prefix}`}>
                      <Td className="font-medium">{token.name}</Td>
                      <Td>{ROLE_LABEL[token.role]}</Td>
                      <Td className="font-mono text-xs">{token.prefix}…</Td>
                      <Td className="text-xs">{formatRelative(token.lastUsedAt)}</Td>
                      <Td className="text-xs">
                        <ExpiryTime expiresAt={token.expiresAt} now={now} />
                      </Td>
                      <Td>
                        <CredentialStatusBadge credential={token} now={now} refusedBy="the API" />
                      </Td>
                      <Td className="text-right">
                        {/* An expired token can never work again, so there is nothing left to revoke. */}
                        {credentialStatusOf(token, now) === "active" ? (
                          <RevokeToken account={account} id={token.id} />
                        ) : null}
                      </Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
        ) : null}
        {isAdmin ? (
          <Card>
            <CardHeader
              title="Audit of changes"
              description="Every change made in the dashboard or through the API."
            />
            {events.length === 0 ? (
              <EmptyState title="No changes yet" />
            ) : (
              <Table label="Audit of changes">
                <thead>
                  <tr>
                    <Th>Time</Th>
                    <Th>Who</Th>
                    <Th>What</Th>
                    <Th>Details</Th>
                  </tr>
                </thead>
                <TBody>
                  {events.map((event) => (
                    <tr key={event.id}>
                      <Td className="text-xs whitespace-nowrap">{formatDateTime(event.createdAt)}</Td>
                      <Td className="text-xs">{event.actor}</Td>
                      <Td className="font-mono text-xs">{event.action}</Td>
                      <Td className="max-w-md truncate font-mono text-xs text-slate-500">
                        {JSON.stringify(event.details)}
                      </Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
