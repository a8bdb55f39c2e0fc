// Sign-in tickets: short-lived statements, signed with AUTH_SECRET (HMAC-SHA256), that a user has passed a step of
// signing in. The sign-in action checks the password (throttled), then the second factor; only a `done` ticket,
// made on the server and never sent to the browser, lets next-auth's Credentials provider start a session.
// A `password` ticket is what the browser holds between the password and the code; it expires in 5 minutes.
import { createHmac, timingSafeEqual } from "node:crypto";

export type TTicketStage = "password" | "done";

const LIFETIME_MS: Record<TTicketStage, number> = { password: 5 * 60_000, done: 60_000 };

function sign(body: string, secret: string): string {
  return createHmac("sha256", secret).update(`gatehouse-sign-in:${body}`).digest("base64url");
}

export function issueTicket(secret: string, userId: string, stage: TTicketStage, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ u: userId, s: stage, e: now + LIFETIME_MS[stage] })).toString(
    "base64url",
  );
  return `${body}.${sign(body, secret)}`;
}

/** The user id when the ticket is genuine, unexpired and of this stage; else null. */
export function readTicket(
  secret: string,
  ticket: unknown,
  stage: TTicketStage,
  now = Date.now(),
): string | null {
  if (typeof ticket !== "string" || ticket.length > 1000) return null;
  const [body, mac] = ticket.split(".");
  if (!body || !mac) return null;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const value = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
      u?: unknown;
      s?: unknown;
      e?: unknown;
    };
    if (value.s !== stage || typeof value.u !== "string" || typeof value.e !== "number" || value.e < now)
      return null;
    return value.u;
  } catch {
    return null;
  }
}
