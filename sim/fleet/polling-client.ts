// A polling tentacle's connections: for each node endpoint, pollingConnectionCount loops, each on its
// own keep-alive connection (a connection pool of one, through the tentacle's proxy for that node). A
// loop long-polls POST <url>/poll/<id> with the transport's postJson, carrying its last response, runs
// the request it gets (or takes the null message) and polls again; on any failure it drops the
// connection and reconnects after the reconnect policy's delay. A poll waits at most
// pollingReceiveRequestTimeoutMs for a message.
import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import {
  POLLING_PATHS, seededRng, type PollBody, type PolledRequest, type PolledResponse, type PollingTentacleSpec, type PollReply,
  type TentacleHalibutSettings,
} from "../contracts/index.ts";
import { ConnectionPool, postJson, requestTarget, type RequestTarget } from "../transport/index.ts";
import { makeReconnectPolicy } from "./reconnect-policy.ts";
import type { RpcAnswer } from "./rpc-dispatch.ts";

export interface PollingClientDeps {
  halibut: TentacleHalibutSettings;
  seed: number;
  /** Runs one request on the tentacle. */
  dispatch: (request: PolledRequest) => Promise<RpcAnswer>;
  nowMs: () => number;
  /** Counts connection attempts that failed (for the fleet's own figures). */
  onFailure?: () => void;
}

export class PollingClient {
  readonly #spec: PollingTentacleSpec;
  readonly #deps: PollingClientDeps;
  #abort: AbortController | undefined;
  #pools: ConnectionPool[] = [];
  #generation = 0;

  constructor(spec: PollingTentacleSpec, deps: PollingClientDeps) {
    this.#spec = spec;
    this.#deps = deps;
  }

  get running(): boolean {
    return this.#abort !== undefined;
  }

  start(): void {
    if (this.#abort) return;
    const abort = (this.#abort = new AbortController());
    const generation = ++this.#generation;
    for (const endpoint of this.#spec.endpoints) {
      const target = requestTarget(new URL(`${POLLING_PATHS.poll}${encodeURIComponent(this.#spec.id)}`, endpoint.url));
      for (let i = 0; i < this.#deps.halibut.pollingConnectionCount; i++) {
        // one connection per loop, kept between polls for as long as the node keeps it
        const pool = new ConnectionPool({ keepAlive: true, maxIdlePerHost: 1, idleTimeoutMs: 0 });
        this.#pools.push(pool);
        const rng = seededRng(this.#deps.seed, `reconnect:${this.#spec.id}:${endpoint.node}:${i}:${generation}`);
        void this.#loop(target, pool, rng, abort.signal);
      }
    }
  }

  /** Stops every loop and drops its connection at once (a crash or the fleet stopping). */
  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    for (const pool of this.#pools.splice(0)) pool.destroy();
  }

  async #loop(target: RequestTarget, pool: ConnectionPool, rng: () => number, signal: AbortSignal): Promise<void> {
    const { halibut } = this.#deps;
    const policy = makeReconnectPolicy(halibut, rng, this.#deps.nowMs);
    let response: PolledResponse | undefined;
    while (!signal.aborted) {
      try {
        const reply = await pollOnce(target, pool, response ? { response } : {}, halibut, signal);
        response = undefined;
        policy.succeeded();
        if (reply.request) {
          const answer = await this.#deps.dispatch(reply.request);
          response = { id: reply.request.id, status: answer.status, body: answer.body };
        }
      } catch {
        if (signal.aborted) return;
        response = undefined; // its request fails on the node when this connection drops
        this.#deps.onFailure?.();
        const delayMs = policy.failed();
        try {
          if (delayMs > 0) await sleep(delayMs, undefined, { signal });
          else await yieldToLoop(undefined, { signal });
        } catch {
          return;
        }
      }
    }
  }
}

/** One poll exchange; rejects on connect timeout, no message within the receive-request timeout, a dropped connection, a non-2xx reply or one that is not a PollReply. */
async function pollOnce(target: RequestTarget, pool: ConnectionPool, body: PollBody, halibut: TentacleHalibutSettings, signal: AbortSignal): Promise<PollReply> {
  const reply = await postJson<PollReply>(target, body, {
    pool, signal, connectTimeoutMs: halibut.connectTimeoutMs, keepAliveIdleMs: halibut.tcpKeepAliveIdleMs,
    responseTimeoutMs: halibut.pollingReceiveRequestTimeoutMs, receiveTimeoutMs: halibut.pollingReceiveRequestTimeoutMs,
  });
  if (reply === null || typeof reply !== "object" || !("request" in reply)) throw new Error(`not a PollReply: ${JSON.stringify(reply).slice(0, 120)}`);
  return reply;
}
