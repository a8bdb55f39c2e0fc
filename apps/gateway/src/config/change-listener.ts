/**
 * The fast path of the config feed on real Postgres: LISTEN gatehouse_config (the triggers NOTIFY with the account
 * id) and run a poll round at once, instead of waiting for the next tick. On PGlite, where NOTIFY does not cross
 * connections (DESIGN §9), nothing arrives and the regular poll does the work; a lost connection is retried.
 */
import pg from "pg";
import type { Logger } from "../log.js";

export class ChangeListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    client.on("notification", () => this.onChange());
    client.on("error", () => this.reconnect(client));
    client.on("end", () => this.reconnect(client));
    try {
      await client.connect();
      await client.query("LISTEN gatehouse_config");
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
