// The texts of the mails the dashboard sends. Plain text: every mail client shows it, and links stay visible.
import type { TMail } from "./mailer.js";

export function verificationMail(to: string, link: string): TMail {
  return {
    kind: "email-verification",
    to,
    subject: "Confirm your email for Gatehouse",
    text: `Confirm your email address to finish creating your Gatehouse user:\n\n${link}\n\nThe link works once, within 24 hours. If you did not sign up, ignore this mail.\n`,
  };
}

export function existingUserMail(to: string, signInLink: string, resetLink: string): TMail {
  return {
    kind: "sign-up-existing",
    to,
    subject: "You already have a Gatehouse user",
    text: `Someone (perhaps you) tried to sign up to Gatehouse with this email, which already has a user.\n\nSign in: ${signInLink}\nForgot your password? ${resetLink}\n\nIf it was not you, nothing has changed and you can ignore this mail.\n`,
  };
}

export function passwordResetMail(to: string, link: string): TMail {
  return {
    kind: "password-reset",
    to,
    subject: "Reset your Gatehouse password",
    text: `Choose a new password for your Gatehouse user:\n\n${link}\n\nThe link works once, within 30 minutes, and signs out every session of your user. If you did not ask for this, ignore this mail: your password stays as it is.\n`,
  };
}

export function invitationMail(
  to: string,
  details: { accountName: string; role: string; invitedBy: string; link: string },
): TMail {
  return {
    kind: "invitation",
    to,
    subject: `${details.invitedBy} invited you to ${details.accountName} on Gatehouse`,
    text: `${details.invitedBy} invited you to join ${details.accountName} on Gatehouse as ${details.role}.\n\nAccept: ${details.link}\n\nSign in or sign up with this email (${to}) to accept. The link works once, within 7 days.\n`,
  };
}

/**
 * To an approver who opted in, when a call is held for approval. It names the call (server, agent, tool, the keys
 * of its arguments) but never its argument values, and links to the approvals page, where the decision is made.
 */
export function approvalRequestedMail(
  to: string,
  details: {
    accountName: string;
    server: string;
    agent: string;
    tool: string;
    argumentKeys: string[];
    rule: string;
    reason?: string | undefined;
    expiresAt: Date;
    link: string;
  },
): TMail {
  const keys = details.argumentKeys.length > 0 ? details.argumentKeys.join(", ") : "none";
  const reason = details.reason ? `\nWhy: ${details.reason}` : "";
  return {
    kind: "approval-requested",
    to,
    subject: `Approval needed: ${details.tool} on ${details.server} (${details.accountName})`,
    text: `${details.agent} called ${details.tool} on ${details.server}, and the rule ${details.rule} holds the call until someone approves it.${reason}\nArguments sent: ${keys} (their values are on the approvals page)\n\nApprove or deny: ${details.link}\n\nThe request expires at ${details.expiresAt.toISOString()}. You get this mail because you turned on approval mails for ${details.accountName}; turn them off in its settings.\n`,
  };
}
