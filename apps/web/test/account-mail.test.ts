// Sign-up, email confirmation, forgot/reset password and invitations, with their mails sent through nodemailer to
// a real SMTP server in this process and read from there.
import { seedUser } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { createMailer } from "@gatehouse/mail";
import { linkIn, startTestSmtp, type TestSmtp } from "@gatehouse/test-fixtures/test-smtp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation } from "@/server/members/invitations";
import { checkDashboardSession, startDashboardSession } from "@/server/sessions/dashboard-sessions";
import { checkPassword } from "@/server/users/check-password";
import { requestPasswordReset } from "@/server/users/request-password-reset";
import { resetPassword } from "@/server/users/reset-password";
import { signUpUser } from "@/server/users/sign-up-user";
import { verifyEmail } from "@/server/users/verify-email";
import { codeOf, makeAccount, refusalsOf } from "./helpers";

const WEB = "http://dashboard.test";
const STRONG = "violet-harbour-quietly-41";
const quiet = { info() {}, warn() {} };

let database: TestDatabase;
let smtp: TestSmtp;
let links: { mailer: ReturnType<typeof createMailer>; webUrl: string };

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtp();
  links = {
    mailer: createMailer({
      smtpUrl: smtp.url,
      from: "Gatehouse <no-reply@gatehouse.test>",
      production: true,
      log: quiet,
    }),
    webUrl: WEB,
  };
});
afterAll(async () => {
  await smtp?.close();
  await database?.close();
});

const unique = (name: string) =>
  `${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@example.com`;

describe("sign-up", () => {
  it("refuses a guessable password with the estimator's feedback", async () => {
    const { ZSignUpSchema } = await import("@/server/users/sign-up-user");
    const refusals = refusalsOf(ZSignUpSchema, { email: "dana@acme.test", password: "password123" });
    expect(refusals.join(" ")).toMatch(/too easy to guess.*commonly used password/);
    expect(refusalsOf(ZSignUpSchema, { email: "dana@acme.test", password: "qwertyuiop12" })).not.toEqual([]);
    expect(refusalsOf(ZSignUpSchema, { email: "dana@acme.test", password: STRONG })).toEqual([]);
  });

  it("answers the same for a new and a known email, and mails each what fits", async () => {
    const fresh = unique("fresh");
    expect(await signUpUser(database.db, { email: fresh, password: STRONG }, links)).toEqual({
      email: fresh,
    });
    const confirm = await smtp.waitFor(fresh, /Confirm your email/);
    expect(confirm.from).toBe("no-reply@gatehouse.test");

    const known = await seedUser(database.db, { email: unique("known") });
    expect(await signUpUser(database.db, { email: known.email, password: STRONG }, links)).toEqual({
      email: known.email,
    });
    const notice = await smtp.waitFor(known.email, /already have/);
    expect(notice.text).toContain(`${WEB}/forgot-password`);
    // The known user's password was not touched.
    expect(await checkPassword(database.db, known.email, "correct horse battery staple")).not.toBeNull();

    // The confirmation link works once and confirms the address.
    const link = linkIn(confirm, `${WEB}/verify-email?token=`);
    const token = link.searchParams.get("token") ?? "";
    const { userId } = await verifyEmail(database.db, token);
    const user = await database.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(fresh);
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(await codeOf(() => verifyEmail(database.db, token))).toBe("not_found");
  });
});

describe("sign-up timing", () => {
  it("takes as long for a known email as for a new one", async () => {
    const known = await seedUser(database.db, { email: unique("timing-known") });
    // Mails built but not sent over SMTP (the test server's reverse DNS lookup would dwarf everything else), so
    // the work compared is what each path does itself.
    const local = {
      mailer: createMailer({ from: "Gatehouse <no-reply@gatehouse.test>", production: false, log: quiet }),
      webUrl: WEB,
    };
    const times: Record<"known" | "fresh", number[]> = { known: [], fresh: [] };
    // Interleaved, and compared by median, so a busy machine slows both alike.
    for (let round = 0; round < 5; round++) {
      for (const kind of ["known", "fresh"] as const) {
        const email = kind === "known" ? known.email : unique("timing-fresh");
        const started = performance.now();
        await signUpUser(database.db, { email, password: STRONG }, local);
        times[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    // Both paths check the password's strength (zxcvbn), hash it (argon2) and build one mail; a known email
    // answered before that work (say, by looking the email up first) would take a small fraction of the time.
    expect(median(times.known)).toBeGreaterThan(median(times.fresh) * 0.5);
    expect(median(times.fresh)).toBeGreaterThan(median(times.known) * 0.5);
  });
});

describe("forgot password", () => {
  it("mails a single-use link that sets a new password and ends every session", async () => {
    const user = await seedUser(database.db, { email: unique("forgot") });
    const session = await startDashboardSession(database.db, user.id, {});
    await requestPasswordReset(database.db, user.email.toUpperCase(), links);
    const mail = await smtp.waitFor(user.email, /Reset your Gatehouse password/);
    const token = linkIn(mail, `${WEB}/reset-password?token=`).searchParams.get("token") ?? "";

    // A weak password is refused without spending the link.
    expect(await codeOf(() => resetPassword(database.db, token, "password1234"))).toBe("validation_failed");
    await resetPassword(database.db, token, STRONG);
    expect(await checkPassword(database.db, user.email, STRONG)).not.toBeNull();
    expect(await checkPassword(database.db, user.email, "correct horse battery staple")).toBeNull();
    expect(await checkDashboardSession(database.db, user.id, session)).toBe(false);
    expect(await codeOf(() => resetPassword(database.db, token, `${STRONG}-again`))).toBe("not_found");
  });

  it("sends nothing for an unknown email and answers the same", async () => {
    const before = smtp.mails.length;
    const nobody = unique("nobody");
    await expect(requestPasswordReset(database.db, nobody, links)).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails.slice(before).filter((mail) => mail.to === nobody)).toEqual([]);
  });

  it("refuses an expired link", async () => {
    const user = await seedUser(database.db, { email: unique("expired") });
    await requestPasswordReset(database.db, user.email, links);
    const mail = await smtp.waitFor(user.email, /Reset/);
    const token = linkIn(mail, `${WEB}/reset-password?token=`).searchParams.get("token") ?? "";
    await database.db.verificationToken.updateMany({
      where: { identifier: `reset:${user.id}` },
      data: { expires: new Date(Date.now() - 1000) },
    });
    expect(await codeOf(() => resetPassword(database.db, token, STRONG))).toBe("not_found");
  });
});

describe("invitations by mail", () => {
  it("mails the invited address a link to the invitation", async () => {
    const account = await makeAccount(database.db);
    const email = unique("invitee");
    const { path } = await createInvitation(account.admin, { email, role: "viewer" }, links);
    const mail = await smtp.waitFor(email, /invited you/);
    expect(mail.text).toContain(`${WEB}${path}`);
    expect(mail.text).toContain("Viewer");
  });
});
