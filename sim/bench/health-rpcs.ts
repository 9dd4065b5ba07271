// Drives health RPCs through tentacle endpoints for a window: `concurrency` workers, round robin over
// the endpoints, on keep-alive connections; a non-200 answer is an error. Returns what completed.
import http from "node:http";
import { RPC_PATHS } from "../contracts/index.ts";

export interface HealthRpcOptions {
  windowMs: number;
  /** Workers, each with one RPC in flight. */
  concurrency: number;
  /** Keep-alive sockets per endpoint. */
  maxSockets: number;
}

/** Health RPCs completed and the wall time they took (ms). */
export async function driveHealthRpcs(endpoints: readonly string[], o: HealthRpcOptions): Promise<{ completed: number; elapsedMs: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets });
  const startMs = performance.now();
  const deadline = startMs + o.windowMs;
  let completed = 0;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const url = `${endpoints[next++ % endpoints.length]}${RPC_PATHS.health}`;
      await new Promise<void>((resolve, reject) => {
        http.get(url, { agent }, (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
        }).on("error", reject);
      });
      completed++;
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { completed, elapsedMs: performance.now() - startMs };
}
