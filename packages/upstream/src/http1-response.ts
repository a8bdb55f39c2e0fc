/**
 * The response side of http1.ts: what the streamable client reads of a response (the parts of node's
 * IncomingMessage it uses). Body chunks wait until someone listens, as with a paused stream.
 */
import { EventEmitter } from "node:events";
import { StringDecoder } from "node:string_decoder";

export class Http1Response extends EventEmitter {
  statusCode = 0;
  statusMessage = "";
  readonly headers: Record<string, string> = {};
  /** True once the whole body arrived. */
  complete = false;
  private decoder: StringDecoder | undefined;
  private flowing = false;
  /** Buffered events are being handed over on the next microtask. */
  private draining = false;
  private buffered: Buffer[] = [];
  private ended = false;
  private failure: Error | undefined;

  /** `abort` drops the exchange this response belongs to (see destroy). */
  constructor(private readonly abort: (error: Error) => void = () => undefined) {
    super();
  }

  /** Stops reading: the connection is dropped, and listeners get `error` (then `close`), as with IncomingMessage. */
  destroy(error: Error): void {
    this.abort(error);
  }

  setEncoding(encoding: "utf8"): this {
    this.decoder = new StringDecoder(encoding);
    return this;
  }

  /** Discards the body (still read off the connection). */
  resume(): this {
    this.startFlowing();
    return this;
  }

  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    super.on(event, listener as (...args: unknown[]) => void);
    if (event === "data") this.startFlowing();
    return this;
  }

  override addListener(event: string | symbol, listener: (...args: never[]) => void): this {
    return this.on(event, listener);
  }

  /** Body chunks wait until someone listens (as with a paused stream), then flow on the next microtask. */
  private startFlowing(): void {
    if (this.flowing) return;
    this.flowing = true;
    this.draining = true;
    queueMicrotask(() => {
      this.draining = false;
      const chunks = this.buffered;
      this.buffered = [];
      for (const chunk of chunks) this.emitData(chunk);
      if (this.failure) this.emitFailure(this.failure);
      else if (this.ended) this.emitEnd();
    });
  }

  /** Whether events go straight to the listeners (they listen, and nothing is waiting to be handed over). */
  private get live(): boolean {
    return this.flowing && !this.draining;
  }

  private emitData(chunk: Buffer): void {
    if (this.decoder) {
      const text = this.decoder.write(chunk);
      if (text) this.emit("data", text);
    } else this.emit("data", chunk);
  }

  private emitEnd(): void {
    const rest = this.decoder?.end();
    if (rest) this.emit("data", rest);
    this.emit("end");
    this.emit("close");
  }

  /** Like IncomingMessage: "error" only reaches listeners; a response nobody reads (resumed) just closes. */
  private emitFailure(error: Error): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
    this.emit("close");
  }

  /** @internal the connection's parser feeds these. */
  push(chunk: Buffer): void {
    if (this.live) this.emitData(chunk);
    else this.buffered.push(chunk);
  }

  /** @internal */
  finish(): void {
    this.complete = true;
    this.ended = true;
    if (this.live) queueMicrotask(() => this.emitEnd());
  }

  /** @internal */
  fail(error: Error): void {
    if (this.ended || this.failure) return;
    this.failure = error;
    if (this.live) queueMicrotask(() => this.emitFailure(error));
  }
}
