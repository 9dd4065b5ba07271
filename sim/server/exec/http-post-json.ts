// One JSON POST over a shared keep-alive agent with Halibut-like timeouts: connectTimeoutMs to
// establish TCP, responseTimeoutMs from request sent to the whole response. Rejects with RpcError,
// whose `outcome` says whether the tentacle may have acted: "fail" (known not done / refused) or
// "info" (unknown: timeouts, resets after sending, aborts).
import http from "node:http";

export type RpcOutcome = "fail" | "info";

export class RpcError extends Error {
  readonly outcome: RpcOutcome;
  constructor(outcome: RpcOutcome, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RpcError";
    this.outcome = outcome;
  }
}

export interface PostJsonOptions {
  agent: http.Agent;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  signal?: AbortSignal;
}

const MAX_RESPONSE_BYTES = 1 << 20;

export function postJson<T>(url: URL, body: unknown, options: PostJsonOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    let sent = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (error: RpcError | null, value?: T) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    };
    const request = http.request(url, {
      method: "POST",
      agent: options.agent,
      signal: options.signal,
      headers: { "content-type": "application/json", "content-length": payload.length },
    });
    const abortWith = (error: RpcError) => {
      settle(error);
      request.destroy(error);
    };
    request.on("socket", (socket) => {
      if (!socket.connecting) return;
      timer = setTimeout(() => abortWith(new RpcError("info", `connect timed out after ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
      socket.once("connect", () => clearTimeout(timer));
    });
    request.on("finish", () => {
      sent = true;
      clearTimeout(timer);
      timer = setTimeout(() => abortWith(new RpcError("info", `no response within ${options.responseTimeoutMs} ms`)), options.responseTimeoutMs);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error instanceof RpcError) return settle(error);
      const outcome: RpcOutcome = !sent && error.code === "ECONNREFUSED" ? "fail" : "info";
      settle(new RpcError(outcome, `${error.code ?? error.name}: ${error.message}`, { cause: error }));
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) abortWith(new RpcError("fail", `response exceeds ${MAX_RESPONSE_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on("error", (error) => settle(new RpcError("info", `response aborted: ${error.message}`, { cause: error })));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) return settle(new RpcError("fail", `HTTP ${status}: ${text.slice(0, 200)}`));
        try {
          settle(null, JSON.parse(text) as T);
        } catch {
          settle(new RpcError("fail", `response is not JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    request.end(payload);
  });
}
