// A held call is mailed to the approvers who opted in (issue 17), through a real SMTP server in this process, and the
// test reads the mail as the recipient would: who called what, the link to the approvals page, no argument values.
import { seedMember, seedUser } from "@gatehouse/db/seed";
import { linkIn, startTestSmtp, type TestSmtp } from "@gatehouse/test-fixtures/test-smtp.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { connectClient, mcpUrl, type RunningGateway, startGateway, waitFor } from "./helpers/gateway.js";

const POLICY = {
  version: "1",
  default: "allow",
  tools: { deploy: { action: "require_approval", approval: { timeout: 120, hold: 1 } } },
};

describe("approval mails", () => {
  let fx: FixtureAccount;
  let smtp: TestSmtp;
  let gw: RunningGateway;
  let client: Client;
  const emails = {
    optedIn: "approver@example.test",
    optedOut: "quiet@example.test",
    viewer: "viewer@example.test",
    unconfirmed: "unconfirmed@example.test",
  };

  beforeAll(async () => {
    fx = await seedFixtureAccount(POLICY);
    const db = fx.database.db;
    const member = async (email: string, role: "admin" | "viewer", notify: boolean, confirmed = true) => {
      const user = await seedUser(db, { email, emailVerified: confirmed ? new Date() : null });
      const membership = await seedMember(db, { organizationId: fx.orgId, userId: user.id, role });
      await db.membership.update({ where: { id: membership.id }, data: { notifyApprovals: notify } });
    };
    await member(emails.optedIn, "admin", true);
    await member(emails.optedOut, "admin", false);
    await member(emails.viewer, "viewer", true);
    await member(emails.unconfirmed, "admin", true, false);
    smtp = await startTestSmtp();
    gw = await startGateway(fx.database.url, {
      smtpUrl: smtp.url,
      emailFrom: "Gatehouse <gatehouse@example.test>",
      webPublicUrl: "https://gatehouse.example.test",
    });
    client = await connectClient(mcpUrl(gw.base, fx.account, fx.server), fx.key);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await smtp?.close();
    await fx?.close();
  });

  it("mails an opted-in approver about a held call, with a link to it and without its argument values", async () => {
    const answer = await client.callTool({
      name: "deploy",
      arguments: { name: "prod-eu-7731", force: true },
    });
    expect(answer.isError).toBe(true); // still pending once the hold is over
    const row = await waitFor(
      () => fx.database.db.approvalRequest.findFirst({ where: { organizationId: fx.orgId, tool: "deploy" } }),
      5000,
    );
    if (!row) throw new Error("no approval request");
    const mail = await smtp.waitFor(emails.optedIn, /Approval needed/, 10_000);
    expect(mail.from).toBe("gatehouse@example.test");
    expect(mail.subject).toContain("deploy");
    expect(mail.text).toContain("Arguments sent: name, force");
    expect(mail.text).not.toContain("prod-eu-7731");
    const link = linkIn(mail, "https://gatehouse.example.test/");
    expect(link.pathname).toBe(`/${fx.account}/approvals`);
    expect(link.hash).toBe(`#approval-${row.id}`);
  });

  it("mails nobody who opted out, cannot decide, or has not confirmed their email, and a retry mails nobody again", async () => {
    // The identical call finds the same pending request and announces nothing; a different call files a new one.
    await client.callTool({ name: "deploy", arguments: { name: "prod-eu-7731", force: true } });
    await client.callTool({ name: "deploy", arguments: { name: "staging" } });
    await waitFor(() => (smtp.mails.length >= 2 ? true : undefined), 10_000);
    expect(smtp.mails.map((mail) => mail.to)).toEqual([emails.optedIn, emails.optedIn]);
    expect(smtp.mails[1]?.text).toContain("Arguments sent: name");
  });
});
