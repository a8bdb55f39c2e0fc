/**
 * The fast path of the gateway's caches and held calls on real Postgres: LISTEN on the channels the triggers NOTIFY
 * (gatehouse_config with an account id, gatehouse_approval with a decided request's id) and act at once instead of
 * waiting for the next poll. On PGlite, where NOTIFY does not cross connections (DESIGN §9), nothing arrives and the
 * regular polls do the work; a lost connection is retried.
 */
import pg from "pg";
import type { Logger } from "../log.js";

/** Channel → what to do with a notification's payload. */
export type ChangeHandlers = Record<string, (payload: string) => void>;

export class ChangeListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly handlers: ChangeHandlers,
    private readonly log: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    client.on("notification", (note) => this.handlers[note.channel]?.(note.payload ?? ""));
    client.on("error", () => this.reconnect(client));
    client.on("end", () => this.reconnect(client));
    try {
      await client.connect();
      for (const channel of Object.keys(this.handlers)) await client.query(`LISTEN ${channel}`);
    } catch (error: unknown) {
      this.log.debug(
        { err: error instanceof Error ? error.message : String(error) },
        "LISTEN unavailable for now",
      );
      this.reconnect(client);
    }
  }

  private reconnect(client: pg.Client): void {
    if (this.stopped || this.client !== client || this.retry) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, 2000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}
