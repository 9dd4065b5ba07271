// One JSON POST over a shared keep-alive agent with Halibut-like timeouts: connectTimeoutMs to
// establish TCP, sendTimeoutMs to write the request, responseTimeoutMs from request sent to the first
// byte of the response, receiveTimeoutMs of inactivity while reading the rest. Rejects with RpcError,
// whose `outcome` says whether the tentacle may have acted: "fail" (known not done / refused) or
// "info" (unknown: timeouts, resets after sending, aborts), and whose `kind` says what happened.
import http from "node:http";

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
  agent: http.Agent;
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
    const { signal } = options;
    if (signal?.aborted) return reject(abortedError(signal));
    const payload = Buffer.from(JSON.stringify(body));
    let sent = false;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (error: RpcError | null, value?: T) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(value as T);
    };
    // One abort listener of our own: http.request's `signal` option also tracks the stream's end (eos),
    // which cost more than the rest of the request set-up on a busy node.
    const request = http.request({
      hostname: target.hostname, port: target.port, path: target.path, method: "POST", agent: options.agent,
      headers: { "content-type": "application/json", "content-length": payload.length },
    });
    const abortWith = (error: RpcError) => {
      settle(error);
      request.destroy(error);
    };
    const onAbort = () => abortWith(abortedError(signal!));
    signal?.addEventListener("abort", onAbort, { once: true });
    const arm = (ms: number, outcome: RpcOutcome, kind: RpcErrorKind, message: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => abortWith(new RpcError(outcome, message, { kind })), ms);
    };
    const sendTimeoutMs = options.sendTimeoutMs ?? options.responseTimeoutMs;
    request.on("socket", (socket) => {
      if (!socket.connecting) return arm(sendTimeoutMs, "info", "send-timeout", `request not sent within ${sendTimeoutMs} ms`);
      if (options.keepAliveIdleMs) socket.setKeepAlive(true, options.keepAliveIdleMs);
      arm(options.connectTimeoutMs, "fail", "connect-timeout", `connect timed out after ${options.connectTimeoutMs} ms`);
      socket.once("connect", () => {
        if (!sent) arm(sendTimeoutMs, "info", "send-timeout", `request not sent within ${sendTimeoutMs} ms`);
      });
    });
    request.on("finish", () => {
      sent = true;
      arm(options.responseTimeoutMs, "info", "response-timeout", `no response within ${options.responseTimeoutMs} ms`);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error instanceof RpcError) return settle(error);
      if (options.signal?.aborted) return settle(new RpcError("info", `aborted: ${error.message}`, { cause: error, kind: "aborted" }));
      const refused = !sent && error.code === "ECONNREFUSED";
      settle(new RpcError(refused ? "fail" : "info", `${error.code ?? error.name}: ${error.message}`, {
        cause: error, kind: refused ? "connect-refused" : "connection-reset",
      }));
    });
    request.on("response", (response) => {
      const receiveTimeoutMs = options.receiveTimeoutMs ?? options.responseTimeoutMs;
      const idle = () => arm(receiveTimeoutMs, "info", "receive-timeout", `response stalled for ${receiveTimeoutMs} ms`);
      idle();
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        idle();
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) abortWith(new RpcError("fail", `response exceeds ${MAX_RESPONSE_BYTES} bytes`, { kind: "bad-reply" }));
        else chunks.push(chunk);
      });
      response.on("error", (error) => settle(new RpcError("info", `response aborted: ${error.message}`, { cause: error, kind: "connection-reset" })));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) return settle(new RpcError("fail", `HTTP ${status}: ${text.slice(0, 200)}`, { kind: "http-status" }));
        try {
          settle(null, JSON.parse(text) as T);
        } catch {
          settle(new RpcError("fail", `response is not JSON: ${text.slice(0, 200)}`, { kind: "bad-reply" }));
        }
      });
    });
    request.end(payload);
  });
}
