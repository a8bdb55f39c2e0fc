// Signing in: throttled per email and per address (in memory, and through the real Redis when REDIS_URL is set),
// the same answer and about the same time for known and unknown emails, tickets that cannot be forged, dashboard
// sessions that end when they should, TOTP with single-use codes and recovery codes, and the account-wide
// two-factor requirement.
import { seedUser } from "@gatehouse/db/seed";
import { createTestDatabase, type TestDatabase } from "@gatehouse/db/testing";
import { Redis } from "ioredis";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateAccountSettings } from "@/server/accounts/update-account-settings";
import { removeMember, resetMemberTwoFactor } from "@/server/members/change-member";
import { createSignInThrottle } from "@/server/security/sign-in-throttle";
import { issueTicket, readTicket } from "@/server/security/sign-in-ticket";
import {
  checkDashboardSession,
  endUserSessionByHandle,
  listUserSessions,
  startDashboardSession,
} from "@/server/sessions/dashboard-sessions";
import { confirmTwoFactorSetup, startTwoFactorSetup } from "@/server/two-factor/set-up-two-factor";
import { verifySecondFactor } from "@/server/two-factor/verify-second-factor";
import { changePassword } from "@/server/users/change-password";
import { checkPassword } from "@/server/users/check-password";
import { codeOf, makeAccount, SECRET_KEY } from "./helpers";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  // @/server/auth (imported below, for the account check) reads its environment when it loads.
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-0123456789";
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY.toString("base64");
});
afterAll(() => database?.close());

const PASSWORD = "correct horse battery staple";
const unique = (name: string) =>
  `${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@example.com`;
const LIMITS = { perEmail: 3, perAddress: 5, windowSeconds: 60 };

describe("sign-in throttle", () => {
  const stores: Array<[string, () => { redis?: Redis; prefix?: string }]> = [["memory", () => ({})]];
  if (process.env.REDIS_URL) {
    stores.push([
      "redis",
      () => ({
        redis: new Redis(process.env.REDIS_URL ?? ""),
        prefix: `sec-test-${Date.now()}-${Math.random()}:`,
      }),
    ]);
  }
  it.each(stores)("limits failures per email and per address (%s)", async (_name, store) => {
    const options = store();
    const throttle = createSignInThrottle({ ...options, limits: LIMITS });
    const known = { subject: "Dana@Acme.test", address: "203.0.113.7" };
    const unknown = { subject: "nobody@acme.test", address: "203.0.113.8" };
    for (const keys of [known, unknown]) {
      expect(await throttle.blocked(keys)).toBeNull();
      expect(await throttle.fail(keys)).toBeNull();
      expect(await throttle.fail(keys)).toBeNull();
      const wait = await throttle.fail(keys);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      // The same email in another case, from another address, is still limited.
      expect(
        await throttle.blocked({ subject: keys.subject.toUpperCase(), address: "198.51.100.1" }),
      ).toBeGreaterThan(0);
    }
    // Per address: many emails from one address.
    const address = "192.0.2.55";
    for (let index = 0; index < LIMITS.perAddress; index++)
      await throttle.fail({ subject: `a${index}@x.test`, address });
    expect(await throttle.blocked({ subject: "fresh@x.test", address })).toBeGreaterThan(0);
    // A success clears the email's failures.
    const other = { subject: "erin@acme.test", address: "203.0.113.9" };
    await throttle.fail(other);
    await throttle.fail(other);
    await throttle.succeed(other);
    expect(await throttle.fail(other)).toBeNull();
    options.redis?.disconnect();
  });
});

describe("checkPassword", () => {
  it("answers null for an unknown email after the same argon2 work as for a known one", async () => {
    const user = await seedUser(database.db, { email: unique("timing") });
    await checkPassword(database.db, "warm-up@example.com", "x");
    const absent = unique("absent");
    const times: Record<"known" | "unknown", number[]> = { known: [], unknown: [] };
    // Interleaved, and compared by median, so a busy machine slows both alike.
    for (let round = 0; round < 7; round++) {
      for (const [kind, email] of [
        ["known", user.email],
        ["unknown", absent],
      ] as const) {
        const started = performance.now();
        expect(await checkPassword(database.db, email, "wrong password")).toBeNull();
        times[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    // Without the decoy hash an unknown email answers in a fraction of a millisecond, against tens for argon2.
    expect(median(times.unknown)).toBeGreaterThan(median(times.known) * 0.3);
    expect(await checkPassword(database.db, user.email.toUpperCase(), PASSWORD)).toMatchObject({
      id: user.id,
    });
  });
});

describe("sign-in tickets", () => {
  const secret = "test-auth-secret-0123456789abcdef";
  it("are refused when forged, expired or of another stage", () => {
    const ticket = issueTicket(secret, "user-1", "password");
    expect(readTicket(secret, ticket, "password")).toBe("user-1");
    expect(readTicket(secret, ticket, "done")).toBeNull();
    expect(readTicket("another-secret-0123456789abcdef", ticket, "password")).toBeNull();
    expect(readTicket(secret, ticket, "password", Date.now() + 6 * 60_000)).toBeNull();
    const [body] = ticket.split(".");
    const forged = Buffer.from(JSON.stringify({ u: "admin", s: "done", e: Date.now() + 60_000 })).toString(
      "base64url",
    );
    expect(readTicket(secret, `${forged}.${ticket.split(".")[1]}`, "done")).toBeNull();
    expect(readTicket(secret, `${body}.`, "password")).toBeNull();
    expect(readTicket(secret, 42, "password")).toBeNull();
  });
});

describe("dashboard sessions", () => {
  it("are listed, ended one by one, and ended by a password change except the current one", async () => {
    const user = await seedUser(database.db, { email: unique("sessions") });
    const laptop = await startDashboardSession(database.db, user.id, {
      userAgent: "Laptop",
      ip: "192.0.2.1",
    });
    const phone = await startDashboardSession(database.db, user.id, { userAgent: "Phone", ip: "192.0.2.2" });
    const tablet = await startDashboardSession(database.db, user.id, {
      userAgent: "Tablet",
      ip: "192.0.2.3",
    });
    const other = await seedUser(database.db, { email: unique("other") });
    expect(await checkDashboardSession(database.db, other.id, laptop)).toBe(false);

    const listed = await listUserSessions(database.db, user.id, laptop);
    expect(listed.map((row) => [row.userAgent, row.current])).toEqual(
      expect.arrayContaining([
        ["Laptop", true],
        ["Phone", false],
        ["Tablet", false],
      ]),
    );
    const phoneRow = listed.find((row) => row.userAgent === "Phone");
    expect(await endUserSessionByHandle(database.db, other.id, phoneRow?.handle ?? "")).toBe(false);
    expect(await endUserSessionByHandle(database.db, user.id, phoneRow?.handle ?? "")).toBe(true);
    expect(await checkDashboardSession(database.db, user.id, phone)).toBe(false);

    expect(
      await codeOf(() =>
        changePassword(database.db, { userId: user.id, current: "wrong", next: "violet-harbour-quietly-41" }),
      ),
    ).toBe("validation_failed");
    await changePassword(database.db, {
      userId: user.id,
      currentSessionId: laptop,
      current: PASSWORD,
      next: "violet-harbour-quietly-41",
    });
    expect(await checkDashboardSession(database.db, user.id, laptop)).toBe(true);
    expect(await checkDashboardSession(database.db, user.id, tablet)).toBe(false);
  });

  it("end when an admin removes the member", async () => {
    const account = await makeAccount(database.db);
    const viewer = await account.as("viewer");
    const session = await startDashboardSession(database.db, viewer.actor.userId ?? "", {});
    const membership = await database.db.membership.findFirstOrThrow({
      where: { organizationId: account.id, userId: viewer.actor.userId ?? "" },
    });
    await removeMember(account.admin, membership.id);
    expect(await checkDashboardSession(database.db, viewer.actor.userId ?? "", session)).toBe(false);
  });
});

describe("two-factor sign-in", () => {
  it("accepts a current code once, each recovery code once, and an admin can require and reset it", async () => {
    const account = await makeAccount(database.db);
    const adminId = account.admin.actor.userId ?? "";
    const admin = await database.db.user.findUniqueOrThrow({ where: { id: adminId } });
    expect(await codeOf(() => updateAccountSettings(account.admin, { requireTwoFactor: true }))).toBe(
      "conflict",
    );

    const setup = await startTwoFactorSetup(database.db, SECRET_KEY, admin);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Gatehouse:/);
    expect(setup.qrSvg).toContain("<svg");
    const stored = await database.db.user.findUniqueOrThrow({
      where: { id: adminId },
      omit: { totpSecretEnc: false },
    });
    expect(stored.totpSecretEnc).not.toContain(setup.secret);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.secret) });
    expect(await codeOf(() => confirmTwoFactorSetup(database.db, SECRET_KEY, adminId, "000000"))).toBe(
      "validation_failed",
    );
    const previous = totp.generate({ timestamp: Date.now() - 30_000 });
    const { recoveryCodes } = await confirmTwoFactorSetup(database.db, SECRET_KEY, adminId, previous);
    expect(recoveryCodes).toHaveLength(10);

    // The code that switched it on cannot sign in again; the current one can, once.
    expect(await verifySecondFactor(database.db, SECRET_KEY, adminId, previous)).toBe(false);
    const now = totp.generate();
    if (now !== previous) {
      expect(await verifySecondFactor(database.db, SECRET_KEY, adminId, now)).toBe(true);
      expect(await verifySecondFactor(database.db, SECRET_KEY, adminId, now)).toBe(false);
    }
    const [first = "", second = ""] = recoveryCodes;
    expect(await verifySecondFactor(database.db, SECRET_KEY, adminId, first.toUpperCase())).toBe(true);
    expect(await verifySecondFactor(database.db, SECRET_KEY, adminId, first)).toBe(false);
    expect(await verifySecondFactor(database.db, SECRET_KEY, adminId, "aaaaa-bbbbb")).toBe(false);

    // Now the admin may require it for the account.
    await updateAccountSettings(account.admin, { requireTwoFactor: true });
    const viewer = await account.as("viewer");
    const viewerId = viewer.actor.userId ?? "";
    const viewerUser = await database.db.user.findUniqueOrThrow({ where: { id: viewerId } });
    const { resolveAccountForUser } = await import("@/server/auth");
    const asUser = { id: viewerId, email: viewerUser.email, name: null };
    expect(await codeOf(() => resolveAccountForUser({ ...asUser, twoFactor: false }, account.slug))).toBe(
      "forbidden",
    );
    await expect(resolveAccountForUser({ ...asUser, twoFactor: true }, account.slug)).resolves.toMatchObject({
      role: "viewer",
    });

    // An admin resets another member's second factor (a lost phone): it is off, and their sessions end.
    const viewerSetup = await startTwoFactorSetup(database.db, SECRET_KEY, viewerUser);
    const viewerTotp = new TOTP({ secret: Secret.fromBase32(viewerSetup.secret) });
    await confirmTwoFactorSetup(database.db, SECRET_KEY, viewerId, viewerTotp.generate());
    const viewerSession = await startDashboardSession(database.db, viewerId, {});
    const viewerMembership = await database.db.membership.findFirstOrThrow({
      where: { organizationId: account.id, userId: viewerId },
    });
    await resetMemberTwoFactor(account.admin, viewerMembership.id);
    const reset = await database.db.user.findUniqueOrThrow({ where: { id: viewerId } });
    expect(reset.totpEnabledAt).toBeNull();
    expect(await database.db.recoveryCode.count({ where: { userId: viewerId } })).toBe(0);
    expect(await checkDashboardSession(database.db, viewerId, viewerSession)).toBe(false);
    const adminMembership = await database.db.membership.findFirstOrThrow({
      where: { organizationId: account.id, userId: adminId },
    });
    expect(await codeOf(() => resetMemberTwoFactor(account.admin, adminMembership.id))).toBe("conflict");
    expect(second).not.toBe("");
  });
});
