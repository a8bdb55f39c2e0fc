/**
 * A lean HTTP/1.1 client for the relay's upstream calls: keep-alive connections per origin, the request written in
 * one piece, and the response parsed straight off the socket (status line, headers, then a body framed by
 * Content-Length, chunked encoding or the end of the connection). node:http's ClientRequest, Agent and
 * IncomingMessage were about a sixth of the gateway's CPU per call. Connections resolve names through the SSRF
 * guard unless private upstreams are allowed; redirects are never followed (a 3xx is just a response).
 */
import { EventEmitter } from "node:events";
import net from "node:net";
import tls from "node:tls";
import { Http1Response } from "./http1-response.js";
import { guardedLookup } from "./ssrf.js";
import { HTTP_TOKEN } from "./stored-headers.js";

/** node:http's default limit on the size of a response's header section. */
const MAX_HEADER_BYTES = 16 * 1024;
/** Idle connections are closed before a typical server's keep-alive timeout (Node's is 5 s) can race a request. */
const IDLE_MS = 4000;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;

export class Http1ParseError extends Error {
  readonly code = "HPE_INVALID";
}

/** One request on one connection: emits "response", "error" (before or during the response) and "close". */
export class Http1Exchange extends EventEmitter {
  /** @internal */ response: Http1Response | undefined;
  /** @internal */ connection: Connection | undefined;
  private done = false;

  /** Aborts the request: the connection is dropped, never reused. */
  destroy(error: Error): void {
    if (this.done) return;
    this.connection?.abandon();
    this.settle(error);
  }

  /** @internal the exchange ends, with an error or not. */
  settle(error?: Error): void {
    if (this.done) return;
    this.done = true;
    if (error) {
      if (this.response) this.response.fail(error);
      else this.emit("error", error);
    }
    this.emit("close");
  }
}

type BodyMode = { kind: "none" } | { kind: "length"; left: number } | { kind: "chunked" } | { kind: "close" };

/** A socket and its response parser. */
class Connection {
  private pending: Buffer | undefined;
  private exchange: Http1Exchange | undefined;
  private method = "GET";
  private phase: "head" | "body" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" = "head";
  private body: BodyMode = { kind: "none" };
  private chunkLeft = 0;
  private keepAlive = true;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The socket's own error (a refused connection, a reset), reported when it closes. */
  private socketError: Error | undefined;

  constructor(
    readonly socket: net.Socket,
    private readonly poolKey: string,
  ) {
    socket.on("data", (data: Buffer) => this.onData(data));
    socket.on("error", (error) => {
      this.socketError = error;
    });
    socket.on("close", () => this.onClose());
  }

  send(exchange: Http1Exchange, method: string, head: string, body: string | undefined): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.socket.ref();
    this.exchange = exchange;
    exchange.connection = this;
    this.method = method;
    this.phase = "head";
    this.socket.write(body === undefined ? head : head + body);
  }

  private onClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.leavePool();
    const exchange = this.exchange;
    this.exchange = undefined;
    if (!exchange) return;
    if (exchange.response && this.phase === "body" && this.body.kind === "close" && !this.socketError) {
      exchange.response.finish();
      exchange.settle();
      return;
    }
    exchange.settle(this.socketError ?? Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
  }

  /** Whether the connection can take another request. */
  get reusable(): boolean {
    return !this.socket.destroyed && this.socket.writable && !this.socket.readableEnded;
  }

  private leavePool(): void {
    idle.remove(this.poolKey, this);
  }

  /** The exchange was aborted: forget it and drop the connection. */
  abandon(): void {
    this.exchange = undefined;
    this.discard();
  }

  /** Drops the connection at once (out of the pool before its socket has even closed). */
  private discard(): void {
    this.leavePool();
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    if (!this.exchange) {
      this.discard(); // bytes nobody asked for on an idle connection: never reuse it
      return;
    }
    let input = this.pending ? Buffer.concat([this.pending, data]) : data;
    this.pending = undefined;
    try {
      while (input.length > 0 && this.exchange) {
        const used = this.step(input);
        if (used === 0) {
          this.pending = input;
          if (this.phase === "head" && input.length > MAX_HEADER_BYTES)
            throw new Http1ParseError("Header overflow");
          return;
        }
        input = input.subarray(used);
      }
      if (input.length > 0) this.discard(); // more than the response: the connection cannot be trusted
    } catch (error: unknown) {
      const exchange = this.exchange;
      this.exchange = undefined;
      this.discard();
      exchange?.settle(error instanceof Error ? error : new Http1ParseError(String(error)));
    }
  }

  /** Consumes what it can of `input` in the current phase; returns the bytes used (0: needs more). */
  private step(input: Buffer): number {
    const exchange = this.exchange as Http1Exchange;
    switch (this.phase) {
      case "head": {
        const end = input.indexOf("\r\n\r\n");
        if (end === -1) return 0;
        if (end > MAX_HEADER_BYTES) fail("Header overflow");
        this.readHead(exchange, input.toString("latin1", 0, end));
        return end + 4;
      }
      case "body": {
        const response = exchange.response as Http1Response;
        if (this.body.kind === "length") {
          const take = Math.min(this.body.left, input.length);
          response.push(input.subarray(0, take));
          this.body.left -= take;
          if (this.body.left === 0) this.complete(exchange);
          return take;
        }
        response.push(input);
        return input.length;
      }
      case "chunk-size": {
        const end = input.indexOf("\r\n");
        if (end === -1) return input.length > 1024 ? fail("Invalid chunk size") : 0;
        const size = input.toString("latin1", 0, end).split(";")[0] ?? "";
        if (!/^[0-9a-fA-F]{1,8}$/.test(size)) fail("Invalid chunk size");
        this.chunkLeft = Number.parseInt(size, 16);
        this.phase = this.chunkLeft === 0 ? "trailers" : "chunk-data";
        return end + 2;
      }
      case "chunk-data": {
        const take = Math.min(this.chunkLeft, input.length);
        (exchange.response as Http1Response).push(input.subarray(0, take));
        this.chunkLeft -= take;
        if (this.chunkLeft === 0) this.phase = "chunk-end";
        return take;
      }
      case "chunk-end": {
        if (input.length < 2) return 0;
        if (input[0] !== 13 || input[1] !== 10) fail("Invalid chunk end");
        this.phase = "chunk-size";
        return 2;
      }
      case "trailers": {
        const end = input.indexOf("\r\n");
        if (end === -1) return input.length > MAX_HEADER_BYTES ? fail("Header overflow") : 0;
        if (end === 0) this.complete(exchange); // the empty line after the trailers
        return end + 2;
      }
    }
  }

  private readHead(exchange: Http1Exchange, head: string): void {
    const lines = head.split("\r\n");
    const status = STATUS_LINE.exec(lines[0] ?? "");
    if (!status) fail("Invalid status line");
    const statusCode = Number(status[2]);
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i += 1) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      const name = colon > 0 ? line.slice(0, colon) : "";
      if (!HTTP_TOKEN.test(name)) fail("Invalid header");
      const key = name.toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
    }
    if (statusCode >= 100 && statusCode < 200) return; // an interim response (100, 103): the real one follows
    const response = new Http1Response((error) => exchange.destroy(error));
    response.statusCode = statusCode;
    response.statusMessage = status[3] ?? "";
    Object.assign(response.headers, headers);
    const connection = headers.connection?.toLowerCase() ?? "";
    this.keepAlive = status[1] === "1" ? !connection.includes("close") : connection.includes("keep-alive");
    this.body = bodyMode(this.method, statusCode, headers);
    if (this.body.kind === "close") this.keepAlive = false;
    exchange.response = response;
    exchange.emit("response", response);
    if (this.body.kind === "none" || (this.body.kind === "length" && this.body.left === 0))
      this.complete(exchange);
    else this.phase = this.body.kind === "chunked" ? "chunk-size" : "body";
  }

  private complete(exchange: Http1Exchange): void {
    this.exchange = undefined;
    this.phase = "head";
    (exchange.response as Http1Response).finish();
    exchange.settle();
    if (!this.keepAlive) {
      this.discard();
      return;
    }
    idle.put(this.poolKey, this);
    this.idleTimer = setTimeout(() => this.discard(), IDLE_MS);
    this.idleTimer.unref();
    this.socket.unref(); // an idle connection does not keep the process alive
  }
}

function fail(message: string): never {
  throw new Http1ParseError(`Parse Error: ${message}`);
}

function bodyMode(method: string, status: number, headers: Record<string, string>): BodyMode {
  if (method === "HEAD" || status === 204 || status === 304) return { kind: "none" };
  const encoding = headers["transfer-encoding"];
  if (encoding !== undefined && headers["content-length"] !== undefined) {
    fail("Transfer-Encoding and Content-Length together"); // a smuggling shape: node:http refuses it too
  }
  if (encoding !== undefined) {
    const last = encoding.split(",").at(-1)?.trim().toLowerCase();
    return last === "chunked" ? { kind: "chunked" } : { kind: "close" };
  }
  const length = headers["content-length"];
  if (length !== undefined) {
    const values = new Set(length.split(",").map((value) => value.trim()));
    const only = [...values][0] ?? "";
    if (values.size !== 1 || !/^\d{1,15}$/.test(only)) fail("Invalid Content-Length");
    return { kind: "length", left: Number(only) };
  }
  return { kind: "close" };
}

/**
 * Idle keep-alive connections by origin and guard. An origin without idle connections is forgotten, so a
 * gateway that has talked to many upstreams over its life holds entries only for those it talks to now.
 */
class IdlePools {
  private readonly byKey = new Map<string, Connection[]>();

  /** A reusable idle connection to `key`, taken out of the pool (stale ones met on the way are dropped). */
  take(key: string): Connection | undefined {
    const pool = this.byKey.get(key);
    if (!pool) return undefined;
    let connection = pool.pop();
    while (connection && !connection.reusable) connection = pool.pop();
    if (pool.length === 0) this.byKey.delete(key);
    return connection;
  }

  put(key: string, connection: Connection): void {
    const pool = this.byKey.get(key);
    if (pool) pool.push(connection);
    else this.byKey.set(key, [connection]);
  }

  remove(key: string, connection: Connection): void {
    const pool = this.byKey.get(key);
    const index = pool?.indexOf(connection) ?? -1;
    if (!pool || index === -1) return;
    pool.splice(index, 1);
    if (pool.length === 0) this.byKey.delete(key);
  }

  get origins(): number {
    return this.byKey.size;
  }
}

const idle = new IdlePools();

/** @internal How many origins have idle connections (for tests). */
export function idleOrigins(): number {
  return idle.origins;
}

function connect(url: URL, allowPrivate: boolean, poolKey: string): Connection {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const secure = url.protocol === "https:";
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
  const lookup = allowPrivate ? undefined : (guardedLookup as unknown as net.LookupFunction);
  const options = { host, port, noDelay: true, ...(lookup ? { lookup } : {}) };
  const socket = secure
    ? tls.connect({
        ...options,
        ...(net.isIP(host) ? {} : { servername: host }),
        ALPNProtocols: ["http/1.1"],
      })
    : net.connect(options);
  return new Connection(socket, poolKey);
}

/**
 * Sends one request to `url` (a free keep-alive connection to its origin, or a new one). `headers` are written as
 * given: the caller validates them and includes Host and Content-Length.
 */
export function http1Request(
  url: URL,
  allowPrivate: boolean,
  method: string,
  headers: readonly (readonly [string, string])[],
  body: string | undefined,
): Http1Exchange {
  const key = `${url.protocol}//${url.host}|${allowPrivate ? "open" : "guarded"}`;
  const connection = idle.take(key) ?? connect(url, allowPrivate, key);
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
  head += "connection: keep-alive\r\n\r\n";
  const exchange = new Http1Exchange();
  connection.send(exchange, method, head, body);
  return exchange;
}
