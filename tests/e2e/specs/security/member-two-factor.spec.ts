// An admin resets the two-factor sign-in of a member who lost their device (in real Chromium): the member's sessions
// end at once, they sign in with their password alone, and the reset is in the audit of changes. The admin also
// opts in to approval mails, a setting of their own that stays set.
import { expect, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { createAccount, PASSWORD, shot, signUp, unique } from "../dashboard/helpers.js";

const slug = unique("mfa");
const memberEmail = `${slug}-member@example.com`;

test("an admin resets a member's two-factor sign-in, which ends the member's sessions", async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signUp(admin, `${slug}-admin@example.com`);
  await createAccount(admin, "Two-factor reset", slug);

  // Invite a policy manager, who signs up with the link and switches two-factor sign-in on.
  await admin.goto(`/${slug}/settings`);
  await admin.getByLabel("Email to invite").fill(memberEmail);
  await admin.getByLabel("Role", { exact: true }).selectOption("policy_manager");
  await admin.getByRole("button", { name: "Create invitation link" }).click();
  const inviteLink = (await admin.locator("pre code").first().textContent())?.trim() ?? "";
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const invitePath = new URL(inviteLink).pathname;
  await signUp(member, memberEmail, invitePath);
  await expect(member).toHaveURL(new RegExp(invitePath));
  await member.getByRole("button", { name: "Accept invitation" }).click();
  await expect(member).toHaveURL(new RegExp(`/${slug}$`));
  await member.goto("/security");
  await member.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const key = (await member.locator("pre code").first().textContent())?.trim() ?? "";
  const totp = new TOTP({ secret: Secret.fromBase32(key) });
  await member.getByLabel("Code from the app").fill(totp.generate());
  await member.getByRole("button", { name: "Switch on" }).click();
  await expect(member.getByText("Two-factor sign-in is on.")).toBeVisible();

  // The admin sees it on, and resets it.
  await admin.goto(`/${slug}/settings`);
  const row = admin
    .getByRole("table", { name: "Members" })
    .getByRole("row", { name: new RegExp(memberEmail) });
  await expect(row).toContainText("two-factor on");
  await row.getByRole("button", { name: "Reset 2FA" }).click();
  await shot(admin, "member-two-factor-reset");
  await admin.getByRole("button", { name: "Reset two-factor" }).click();
  await expect(row).not.toContainText("two-factor on");
  await expect(row.getByRole("button", { name: "Reset 2FA" })).toHaveCount(0);

  // The member's session ended: the next page sends them to sign in, where the password alone is enough now.
  await member.goto(`/${slug}`);
  await expect(member).toHaveURL(/\/signin/);
  await member.getByLabel("Email").fill(memberEmail);
  await member.getByLabel("Password").fill(PASSWORD);
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member).not.toHaveURL(/\/signin/);
  await member.goto("/security");
  await expect(member.getByRole("button", { name: "Set up two-factor sign-in" })).toBeVisible();

  // Audited.
  await admin.reload();
  await expect(
    admin.getByRole("table", { name: "Audit of changes" }).getByText("member.reset_two_factor"),
  ).toBeVisible();

  // Approval mails: the admin's own opt-in, kept across a reload.
  const toggle = admin.getByLabel("Mail me when a call waits for approval");
  await expect(toggle).not.toBeChecked();
  await Promise.all([
    admin.waitForResponse((response) => response.request().method() === "POST"),
    toggle.check(),
  ]);
  await admin.reload();
  await expect(admin.getByLabel("Mail me when a call waits for approval")).toBeChecked();
  await shot(admin, "settings-approval-mails");
  await adminContext.close();
  await memberContext.close();
});
