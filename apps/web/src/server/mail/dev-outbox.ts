// The dev outbox: the last mails sent without SMTP outside production, kept in this process (on globalThis, so
// every bundle of the Next server sees the same list) for the /dev/mail page and the end-to-end tests.
export interface TDevMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  sentAt: string;
}

const KEEP = 100;
const store = globalThis as unknown as { gatehouseDevOutbox?: TDevMail[] };

export function pushDevMail(mail: TDevMail): void {
  store.gatehouseDevOutbox ??= [];
  store.gatehouseDevOutbox.unshift(mail);
  store.gatehouseDevOutbox.length = Math.min(store.gatehouseDevOutbox.length, KEEP);
}

/** Newest first. */
export function listDevMail(): TDevMail[] {
  return [...(store.gatehouseDevOutbox ?? [])];
}
