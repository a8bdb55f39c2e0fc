/**
 * Approval mails: when a call is held, each member who opted in (Membership.notifyApprovals), may decide and has a
 * confirmed email gets a mail linking to the account's approvals page. The replica that filed the request sends
 * them (as it sends the webhook), so a request is announced once; sending never delays the held call. The mail
 * names the call and its argument keys, never argument values.
 */
import { approvalRequestedMail, type Mailer } from "@gatehouse/mail";
import type { Logger } from "../log.js";
import { findApprovalRecipients } from "../store/approval-recipients.js";
import type { Db } from "../store/pool.js";

export interface HeldCall {
  approvalId: string;
  accountId: string;
  accountSlug: string;
  server: string;
  agent: string;
  tool: string;
  argumentKeys: string[];
  rule: string;
  reason?: string | undefined;
  expiresAt: Date;
}

export class ApprovalMail {
  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    /** The dashboard's public origin, for the link. */
    private readonly webPublicUrl: string,
    private readonly log: Logger,
  ) {}

  /** Mails the account's approvers about a held call, in the background. */
  announce(call: HeldCall): void {
    this.send(call).catch((error: unknown) => {
      this.log.warn(
        { err: error instanceof Error ? error.message : String(error), approvalId: call.approvalId },
        "approval mail failed",
      );
    });
  }

  async send(call: HeldCall): Promise<void> {
    const { accountName, emails } = await findApprovalRecipients(this.db, call.accountId);
    const link = `${this.webPublicUrl}/${encodeURIComponent(call.accountSlug)}/approvals#approval-${call.approvalId}`;
    const sent = await Promise.allSettled(
      emails.map((to) =>
        this.mailer.send(
          approvalRequestedMail(to, {
            accountName,
            server: call.server,
            agent: call.agent,
            tool: call.tool,
            argumentKeys: call.argumentKeys,
            rule: call.rule,
            reason: call.reason,
            expiresAt: call.expiresAt,
            link,
          }),
        ),
      ),
    );
    const failed = sent.filter((result) => result.status === "rejected").length;
    if (failed > 0) {
      this.log.warn({ failed, approvalId: call.approvalId }, "approval mail not sent to every approver");
    }
  }
}
