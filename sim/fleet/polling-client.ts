// A polling tentacle's connections: for each node endpoint, pollingConnectionCount loops, each on its
// own keep-alive socket (through the tentacle's proxy for that node). A loop long-polls
// POST <url>/poll/<id> carrying its last response, runs the request it gets (or takes the null
// message) and polls again; on any failure it drops the connection and reconnects after the
// reconnect policy's delay. Sockets wait at most pollingReceiveRequestTimeoutMs for a message.

import http from "node:http";
import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import {
  POLLING_PATHS, seededRng, type PollBody, type PolledRequest, type PolledResponse, type PollingTentacleSpec, type PollReply,
  type TentacleHalibutSettings,
} from "../contracts/index.ts";
import { makeReconnectPolicy } from "./reconnect-policy.ts";
import type { RpcAnswer } from "./rpc-dispatch.ts";

const MAX_REPLY_BYTES = 1 << 20;

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
  #agents: http.Agent[] = [];
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
      for (let i = 0; i < this.#deps.halibut.pollingConnectionCount; i++) {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
        this.#agents.push(agent);
        const rng = seededRng(this.#deps.seed, `reconnect:${this.#spec.id}:${endpoint.node}:${i}:${generation}`);
        void this.#loop(new URL(`${POLLING_PATHS.poll}${encodeURIComponent(this.#spec.id)}`, endpoint.url), agent, rng, abort.signal);
      }
    }
  }

  /** Stops every loop and drops its connection at once (a crash or the fleet stopping). */
  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    for (const agent of this.#agents.splice(0)) agent.destroy();
  }

  async #loop(url: URL, agent: http.Agent, rng: () => number, signal: AbortSignal): Promise<void> {
    const { halibut } = this.#deps;
    const policy = makeReconnectPolicy(halibut, rng, this.#deps.nowMs);
    let response: PolledResponse | undefined;
    while (!signal.aborted) {
      try {
        const reply = await pollOnce(url, agent, response ? { response } : {}, halibut, signal);
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

/** One poll exchange; rejects on connect timeout, receive-request timeout, a dropped connection or a non-200 reply. */
function pollOnce(url: URL, agent: http.Agent, body: PollBody, halibut: TentacleHalibutSettings, signal: AbortSignal): Promise<PollReply> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    let timer: NodeJS.Timeout | undefined;
    const request = http.request(url, {
      method: "POST", agent, signal,
      headers: { "content-type": "application/json", "content-length": payload.length },
    });
    const fail = (message: string) => request.destroy(new Error(message));
    const arm = (ms: number, message: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(message), ms);
    };
    request.on("socket", (socket) => {
      if (!socket.connecting) return;
      if (halibut.tcpKeepAliveIdleMs > 0) socket.setKeepAlive(true, halibut.tcpKeepAliveIdleMs);
      arm(halibut.connectTimeoutMs, `connect timed out after ${halibut.connectTimeoutMs} ms`);
      socket.once("connect", () => clearTimeout(timer));
    });
    request.on("finish", () => arm(halibut.pollingReceiveRequestTimeoutMs, `no message within ${halibut.pollingReceiveRequestTimeoutMs} ms`));
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) fail(`poll reply exceeds ${MAX_REPLY_BYTES} bytes`);
        else chunks.push(chunk);
      });
      res.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      res.on("end", () => {
        clearTimeout(timer);
        if (res.statusCode !== 200) return reject(new Error(`poll answered HTTP ${res.statusCode}`));
        try {
          const reply = JSON.parse(Buffer.concat(chunks).toString("utf8")) as PollReply;
          if (reply === null || typeof reply !== "object" || !("request" in reply)) throw new Error("not a PollReply");
          resolve(reply);
        } catch (error) {
          reject(error);
        }
      });
    });
    request.end(payload);
  });
}
