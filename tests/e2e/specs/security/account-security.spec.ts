// Account security in real Chromium: a guessable password refused with feedback, sign-up confirmed by the mailed
// link, two-factor sign-in set up and used (through a callbackUrl, as the OAuth consent page sends), a replayed
// session cookie refused after sign-out, the same "too many attempts" answer for known and unknown emails, and a
// forgotten password reset by its single-use link.
import { expect, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { createAccount, mailedLink, PASSWORD, shot, signUp, unique } from "../dashboard/helpers.js";

const slug = unique("sec");
const email = `${slug}@example.com`;

test("sign-up, two-factor sign-in, sessions that end, throttling and password reset", async ({
  page,
  context,
}) => {
  // A guessable password is refused with the estimator's feedback under the field.
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("password1234");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText(/This password is too easy to guess\./)).toBeVisible();
  await shot(page, "security-weak-password");

  await signUp(page, email);
  await createAccount(page, "Security", slug);

  // Two-factor sign-in: scan (here: read) the key, confirm with a code, keep the recovery codes.
  await page.goto("/security");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const key = (await page.locator("pre code").first().textContent())?.trim() ?? "";
  expect(key).toMatch(/^[A-Z2-7]+$/);
  const totp = new TOTP({ secret: Secret.fromBase32(key) });
  await shot(page, "security-two-factor-setup");
  await page.getByLabel("Code from the app").fill(totp.generate({ timestamp: Date.now() - 30_000 }));
  await page.getByRole("button", { name: "Switch on" }).click();
  await expect(page.getByText("Two-factor sign-in is on.")).toBeVisible();
  const recovery = ((await page.locator("pre code").first().textContent()) ?? "").trim().split("\n");
  expect(recovery).toHaveLength(10);
  await shot(page, "security-recovery-codes");

  // Sign out; the old cookie, replayed, opens nothing.
  const before = await context.cookies();
  await page.goto(`/${slug}`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await context.addCookies(before);
  await page.goto(`/${slug}`);
  await expect(page).toHaveURL(/\/signin/);

  // Signing in asks for the code and then goes where callbackUrl says.
  await context.clearCookies();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(`/${slug}/agents`)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not right.")).toBeVisible();
  await page.getByLabel("Authentication code").fill(recovery[0] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/agents$`));

  // The session is listed on the security page.
  await page.goto("/security");
  await expect(page.getByText("This session")).toBeVisible();
  await shot(page, "security-page");

  // Too many failures: the same answer for a known and an unknown email.
  await context.clearCookies();
  const answers: string[] = [];
  for (const target of [email, `nobody-${slug}@example.com`]) {
    await page.goto("/signin");
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel("Email").fill(target);
      await page.getByLabel("Password").fill("not the password");
      await Promise.all([
        page.waitForResponse((response) => response.request().method() === "POST"),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
    }
    const notice = page.getByText(/Too many attempts\. Try again in \d+ s\./);
    await expect(notice).toBeVisible();
    answers.push(((await notice.textContent()) ?? "").replace(/\d+ s/, "N s"));
  }
  expect(answers[0]).toBe(answers[1]);
  await shot(page, "security-throttled");

  // Forgot password: the mailed link sets a new password once.
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(/a link to choose a new password is on its way/)).toBeVisible();
  const resetPath = await mailedLink(page, email, "password-reset");
  await page.goto(resetPath);
  await page.getByLabel("New password").fill("amber-lantern-drifting-77");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/signin\?reset=1/);
  await page.goto(resetPath);
  await expect(page.getByText("This reset link is invalid, used or expired.")).toBeVisible();
});
