/**
 * The approval webhook (DESIGN §5): when a call is held, POST a JSON event to the URL the account set, signed with
 * HMAC-SHA256 under the account's webhook secret: `X-Gatehouse-Signature: t=<unix seconds>,v1=<hex of
 * HMAC(secret, "<t>.<body>")>`. The URL passes the SSRF guard, redirects are not followed, and delivery never
 * delays the held call (fire and forget, 5 s timeout).
 */
import { createHmac } from "node:crypto";
import { assertUpstreamAllowed, createUpstreamFetch } from "@gatehouse/upstream";
import type { Logger } from "../log.js";

export interface ApprovalRequestedEvent {
  type: "approval.requested";
  approval: {
    id: string;
    account: string;
    server: string;
    agent: string;
    tool: string;
    argumentKeys: string[];
    rule: string;
    reason?: string | undefined;
    expiresAt: string;
  };
}

export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export function sendApprovalWebhook(
  target: { url: string; secret: string },
  event: ApprovalRequestedEvent,
  options: { allowPrivate: boolean; log: Logger },
): void {
  void (async () => {
    await assertUpstreamAllowed(target.url, { allowPrivate: options.allowPrivate });
    const body = JSON.stringify(event);
    const fetch = createUpstreamFetch({ allowPrivate: options.allowPrivate });
    const response = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "gatehouse-gateway",
        "x-gatehouse-event": event.type,
        "x-gatehouse-signature": signWebhook(target.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(5000),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok)
      options.log.warn({ status: response.status }, "approval webhook answered with an error");
  })().catch((error: unknown) => {
    options.log.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "approval webhook failed",
    );
  });
}
