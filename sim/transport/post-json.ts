// One JSON POST over a pooled keep-alive connection (connection-pool.ts) with Halibut-like timeouts:
// connectTimeoutMs to establish TCP, sendTimeoutMs to write the request, responseTimeoutMs from request
// sent to the first byte of the response, receiveTimeoutMs of inactivity while reading the rest. The
// request is written by hand and the reply read by http1-reader.ts: a fraction of http.request's and
// undici's client CPU per call (`bench rpc`). Rejects with RpcError (rpc-error.ts).
import type { ConnectionPool, Exchange, PooledConnection } from "./connection-pool.ts";
import { HttpResponseReader, type HttpResponse } from "./http1-reader.ts";
import { RpcError } from "./rpc-error.ts";

/** Also from index.ts; kept here for modules that still import it from this file. */
export { RpcError, type RpcErrorKind, type RpcOutcome } from "./rpc-error.ts";

export interface PostJsonOptions {
  pool: ConnectionPool;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** Inactivity allowed while writing the request; default responseTimeoutMs. */
  sendTimeoutMs?: number;
  /** Inactivity allowed while reading the response after its first byte; default responseTimeoutMs. */
  receiveTimeoutMs?: number;
  /** TCP keepalive idle time set on new sockets; 0/absent = leave as is. */
  keepAliveIdleMs?: number;
  signal?: AbortSignal;
}

const MAX_RESPONSE_BYTES = 1 << 20;

/** Where a request goes; parse an endpoint once (`requestTarget`) rather than a URL per call. */
export interface RequestTarget {
  hostname: string;
  port: number;
  path: string;
}

export function requestTarget(url: URL): RequestTarget {
  return { hostname: url.hostname, port: Number(url.port || 80), path: `${url.pathname}${url.search}` };
}

function abortedError(signal: AbortSignal): RpcError {
  return new RpcError("info", `aborted: ${String(signal.reason)}`, { cause: signal.reason, kind: "aborted" });
}

export function postJson<T>(target: RequestTarget, body: unknown, options: PostJsonOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => new JsonCall<T>(target, body, options, resolve, reject).start());
}

type TimerKind = "connect" | "send" | "response" | "receive";

/** The timer of one phase fired: the call fails with that phase's timeout (module-level: no closure per arm). */
function onTimer(call: { timedOut(kind: TimerKind): void }, kind: TimerKind): void {
  call.timedOut(kind);
}

/**
 * One call on one pooled connection: the connection's socket events come here while the call holds it
 * (Exchange), the abort signal too (handleEvent), so a call adds no socket listeners of its own.
 */
class JsonCall<T> implements Exchange {
  readonly #target: RequestTarget;
  readonly #options: PostJsonOptions;
  readonly #resolve: (value: T) => void;
  readonly #reject: (error: RpcError) => void;
  readonly #text: string;
  readonly #reader = new HttpResponseReader(MAX_RESPONSE_BYTES);
  #connection: PooledConnection | null = null;
  #timer: NodeJS.Timeout | undefined;
  #sent = false;
  #receiving = false;
  #settled = false;

  constructor(target: RequestTarget, body: unknown, options: PostJsonOptions, resolve: (value: T) => void, reject: (error: RpcError) => void) {
    this.#target = target;
    this.#options = options;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#text = JSON.stringify(body);
  }

  start(): void {
    const { signal, pool } = this.#options;
    if (signal?.aborted) return this.#reject(abortedError(signal));
    const target = this.#target;
    let connection: PooledConnection;
    try {
      connection = this.#connection = pool.acquire(target.hostname, target.port, this);
    } catch (error) {
      return this.#reject(new RpcError("fail", (error as Error).message, { cause: error, kind: "node-stopping" }));
    }
    signal?.addEventListener("abort", this, { once: true });
    const { socket } = connection;
    if (connection.reused) this.#arm("send");
    else {
      if (this.#options.keepAliveIdleMs) socket.setKeepAlive(true, this.#options.keepAliveIdleMs);
      this.#arm("connect");
    }
    const head = `POST ${target.path} HTTP/1.1\r\nhost: ${target.hostname}:${target.port}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(this.#text)}\r\n\r\n`;
    socket.write(head + this.#text, (error) => this.#written(error));
  }

  /** The abort signal fired (EventTarget listener object). */
  handleEvent(): void {
    this.#fail(abortedError(this.#options.signal!));
  }

  onConnect(): void {
    if (!this.#sent) this.#arm("send");
  }

  onData(chunk: Buffer): void {
    this.#receiving = true;
    this.#arm("receive");
    let response: HttpResponse | null;
    try {
      response = this.#reader.feed(chunk);
    } catch (error) {
      return this.#fail(new RpcError("fail", `bad response: ${(error as Error).message}`, { cause: error, kind: "bad-reply" }));
    }
    if (response) this.#complete(response);
  }

  onEnd(): void {
    try {
      this.#complete(this.#reader.end());
    } catch (error) {
      this.#fail(new RpcError("info", `ECONNRESET: ${this.#receiving ? "response aborted" : "socket hang up"}`, { cause: error, kind: "connection-reset" }));
    }
  }

  onError(error: NodeJS.ErrnoException): void {
    if (this.#options.signal?.aborted) return this.#fail(new RpcError("info", `aborted: ${error.message}`, { cause: error, kind: "aborted" }));
    const refused = !this.#sent && error.code === "ECONNREFUSED";
    this.#fail(new RpcError(refused ? "fail" : "info", `${error.code ?? error.name}: ${error.message}`, {
      cause: error, kind: refused ? "connect-refused" : "connection-reset",
    }));
  }

  onClose(): void {
    this.#fail(new RpcError("info", "ECONNRESET: socket hang up", { kind: "connection-reset" }));
  }

  timedOut(kind: TimerKind): void {
    const o = this.#options;
    switch (kind) {
      case "connect":
        return this.#fail(new RpcError("fail", `connect timed out after ${o.connectTimeoutMs} ms`, { kind: "connect-timeout" }));
      case "send":
        return this.#fail(new RpcError("info", `request not sent within ${this.#sendTimeoutMs()} ms`, { kind: "send-timeout" }));
      case "response":
        return this.#fail(new RpcError("info", `no response within ${o.responseTimeoutMs} ms`, { kind: "response-timeout" }));
      case "receive":
        return this.#fail(new RpcError("info", `response stalled for ${this.#receiveTimeoutMs()} ms`, { kind: "receive-timeout" }));
    }
  }

  #sendTimeoutMs(): number {
    return this.#options.sendTimeoutMs ?? this.#options.responseTimeoutMs;
  }

  #receiveTimeoutMs(): number {
    return this.#options.receiveTimeoutMs ?? this.#options.responseTimeoutMs;
  }

  #arm(kind: TimerKind): void {
    const o = this.#options;
    const ms = kind === "connect" ? o.connectTimeoutMs : kind === "send" ? this.#sendTimeoutMs() : kind === "response" ? o.responseTimeoutMs : this.#receiveTimeoutMs();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(onTimer, ms, this, kind);
  }

  #written(error: Error | null | undefined): void {
    if (error || this.#settled) return; // a failed write also emits "error", which classifies it
    this.#sent = true;
    if (!this.#receiving) this.#arm("response");
  }

  #complete(response: HttpResponse): void {
    const connection = this.#connection!;
    const status = response.status;
    const reply = Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength).toString("utf8");
    this.#detach();
    if (response.keepAlive) connection.release();
    else connection.discard();
    if (status < 200 || status >= 300) return this.#settle(new RpcError("fail", `HTTP ${status}: ${reply.slice(0, 200)}`, { kind: "http-status" }));
    let value: T;
    try {
      value = JSON.parse(reply) as T;
    } catch {
      return this.#settle(new RpcError("fail", `response is not JSON: ${reply.slice(0, 200)}`, { kind: "bad-reply" }));
    }
    this.#settle(null, value);
  }

  #fail(error: RpcError): void {
    if (this.#settled) return;
    this.#detach();
    this.#connection?.discard();
    this.#settle(error);
  }

  #detach(): void {
    clearTimeout(this.#timer);
    this.#options.signal?.removeEventListener("abort", this);
  }

  #settle(error: RpcError | null, value?: T): void {
    if (this.#settled) return;
    this.#settled = true;
    if (error) this.#reject(error);
    else this.#resolve(value as T);
  }
}
