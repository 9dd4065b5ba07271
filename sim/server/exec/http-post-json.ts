// One JSON POST over a pooled keep-alive connection (connection-pool.ts) with Halibut-like timeouts:
// connectTimeoutMs to establish TCP, sendTimeoutMs to write the request, responseTimeoutMs from request
// sent to the first byte of the response, receiveTimeoutMs of inactivity while reading the rest. The
// request is written by hand and the reply read by contracts/http1-reader.ts: 0.6x http.request's client
// CPU per call (`bench rpc`). Rejects with RpcError: `outcome` says whether the tentacle may have acted,
// "fail" (known not done / refused) or "info" (unknown: timeouts, resets, aborts); `kind` says what happened.
import type { ConnectionPool, PooledConnection } from "./connection-pool.ts";
import { HttpResponseReader, type HttpResponse } from "../../contracts/http1-reader.ts";

export type RpcOutcome = "fail" | "info";

/** What went wrong; every kind but the last four is a transport failure Octopus's retry layer retries. */
export type RpcErrorKind =
  | "connect-refused"
  | "connect-timeout"
  | "send-timeout"
  | "response-timeout"
  | "receive-timeout"
  | "connection-reset"
  | "queue-timeout"
  | "polling-disconnected"
  | "node-stopping"
  | "http-status"
  | "bad-reply"
  | "aborted"
  | "unknown";

const RETRYABLE: ReadonlySet<RpcErrorKind> = new Set([
  "connect-refused", "connect-timeout", "send-timeout", "response-timeout", "receive-timeout",
  "connection-reset", "queue-timeout", "polling-disconnected",
]);

export class RpcError extends Error {
  readonly outcome: RpcOutcome;
  readonly kind: RpcErrorKind;
  constructor(outcome: RpcOutcome, message: string, options?: ErrorOptions & { kind?: RpcErrorKind }) {
    super(message, options);
    this.name = "RpcError";
    this.outcome = outcome;
    this.kind = options?.kind ?? "unknown";
  }

  /** A transport failure (HalibutClientException that is retryable), not an answer from the service. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

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
  return new Promise<T>((resolve, reject) => {
    const { signal, pool } = options;
    if (signal?.aborted) return reject(abortedError(signal));
    const text = JSON.stringify(body);
    const head = `POST ${target.path} HTTP/1.1\r\nhost: ${target.hostname}:${target.port}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n`;
    let connection: PooledConnection;
    try {
      connection = pool.acquire(target.hostname, target.port);
    } catch (error) {
      return reject(new RpcError("fail", (error as Error).message, { cause: error, kind: "node-stopping" }));
    }
    const { socket } = connection;
    const reader = new HttpResponseReader(MAX_RESPONSE_BYTES);
    let sent = false;
    let receiving = false;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const detach = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("connect", onConnect).off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const settle = (error: RpcError | null, value?: T) => {
      if (settled) return;
      settled = true;
      detach();
      if (error) reject(error);
      else resolve(value as T);
    };
    const fail = (error: RpcError) => {
      settle(error);
      pool.discard(socket);
    };
    const onAbort = () => fail(abortedError(signal!));
    const arm = (ms: number, outcome: RpcOutcome, kind: RpcErrorKind, message: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new RpcError(outcome, message, { kind })), ms);
    };
    const sendTimeoutMs = options.sendTimeoutMs ?? options.responseTimeoutMs;
    const receiveTimeoutMs = options.receiveTimeoutMs ?? options.responseTimeoutMs;
    const onConnect = () => {
      if (!sent) arm(sendTimeoutMs, "info", "send-timeout", `request not sent within ${sendTimeoutMs} ms`);
    };
    const complete = (response: HttpResponse) => {
      const status = response.status;
      const reply = response.body.toString("utf8");
      if (response.keepAlive) {
        detach();
        pool.release(target.hostname, target.port, socket);
      } else pool.discard(socket);
      if (status < 200 || status >= 300) return settle(new RpcError("fail", `HTTP ${status}: ${reply.slice(0, 200)}`, { kind: "http-status" }));
      try {
        settle(null, JSON.parse(reply) as T);
      } catch {
        settle(new RpcError("fail", `response is not JSON: ${reply.slice(0, 200)}`, { kind: "bad-reply" }));
      }
    };
    const onData = (chunk: Buffer) => {
      receiving = true;
      arm(receiveTimeoutMs, "info", "receive-timeout", `response stalled for ${receiveTimeoutMs} ms`);
      let response: HttpResponse | null;
      try {
        response = reader.feed(chunk);
      } catch (error) {
        return fail(new RpcError("fail", `bad response: ${(error as Error).message}`, { cause: error, kind: "bad-reply" }));
      }
      if (response) complete(response);
    };
    const onEnd = () => {
      try {
        complete(reader.end());
      } catch (error) {
        fail(new RpcError("info", `ECONNRESET: ${receiving ? "response aborted" : "socket hang up"}`, { cause: error, kind: "connection-reset" }));
      }
    };
    const onError = (error: NodeJS.ErrnoException) => {
      if (signal?.aborted) return fail(new RpcError("info", `aborted: ${error.message}`, { cause: error, kind: "aborted" }));
      const refused = !sent && error.code === "ECONNREFUSED";
      fail(new RpcError(refused ? "fail" : "info", `${error.code ?? error.name}: ${error.message}`, {
        cause: error, kind: refused ? "connect-refused" : "connection-reset",
      }));
    };
    const onClose = () => fail(new RpcError("info", "ECONNRESET: socket hang up", { kind: "connection-reset" }));
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
    if (connection.reused) arm(sendTimeoutMs, "info", "send-timeout", `request not sent within ${sendTimeoutMs} ms`);
    else {
      if (options.keepAliveIdleMs) socket.setKeepAlive(true, options.keepAliveIdleMs);
      arm(options.connectTimeoutMs, "fail", "connect-timeout", `connect timed out after ${options.connectTimeoutMs} ms`);
      socket.once("connect", onConnect);
    }
    socket.write(head + text, (error) => {
      if (error || settled) return; // a failed write also emits "error", which classifies it
      sent = true;
      if (!receiving) arm(options.responseTimeoutMs, "info", "response-timeout", `no response within ${options.responseTimeoutMs} ms`);
    });
  });
}
