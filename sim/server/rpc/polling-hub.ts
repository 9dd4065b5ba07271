// The node's in-memory pending-request queues, one per polling subscription (Halibut's
// PendingRequestQueue): send() queues a request and resolves with the tentacle's response; poll()
// hands the oldest request to a waiting poll, or a null message after queueWaitTimeoutMs. A request
// not collected within requestQueueTimeoutMs fails (outcome known: never delivered); one collected
// fails as unknown if its connection closes or no response comes within receiveResponseTimeoutMs.
import type { PolledRequest, PolledResponse } from "../../contracts/index.ts";
import { RpcError } from "../../transport/index.ts";

export interface PollingHubOptions {
  queueWaitTimeoutMs: number;
  requestQueueTimeoutMs: number;
  receiveResponseTimeoutMs: number;
  /** Observers for metrics. */
  onCollected?: (waitedMs: number) => void;
  onNullMessage?: () => void;
  nowMs?: () => number;
}

/** Whatever identifies one polling connection (the node uses its socket). */
export type Connection = object;

interface Pending {
  request: PolledRequest;
  subscription: string;
  enqueuedAtMs: number;
  resolve: (response: PolledResponse) => void;
  reject: (error: RpcError) => void;
  timer?: NodeJS.Timeout;
  connection?: Connection;
  detach?: () => void;
}

interface Poller {
  subscription: string;
  connection: Connection;
  deliver: (request: PolledRequest | null) => void;
  timer: NodeJS.Timeout;
}

export class PollingHub {
  readonly #o: PollingHubOptions;
  readonly #now: () => number;
  readonly #queues = new Map<string, Pending[]>();
  readonly #pollers = new Map<string, Poller[]>();
  readonly #inFlight = new Map<string, Pending>();
  /** Per connection: its waiting poll (HTTP/1.1: at most one) and the requests it collected. */
  readonly #waitingOn = new Map<Connection, Poller>();
  readonly #collectedOn = new Map<Connection, Set<Pending>>();
  #nextId = 0;
  #closed: string | undefined;

  constructor(options: PollingHubOptions) {
    this.#o = options;
    this.#now = options.nowMs ?? Date.now;
  }

  /** Queues `path` + `body` for `subscription`; resolves with the tentacle's response or rejects with RpcError. */
  send(subscription: string, path: string, body: unknown, signal?: AbortSignal): Promise<PolledResponse> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new RpcError("fail", this.#closed, { kind: "node-stopping" }));
      const pending: Pending = {
        request: { id: `r${++this.#nextId}`, path, body }, subscription, enqueuedAtMs: this.#now(), resolve, reject,
      };
      if (signal) {
        const onAbort = () => this.#fail(pending, new RpcError("info", "aborted", { kind: "aborted" }));
        if (signal.aborted) return onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        pending.detach = () => signal.removeEventListener("abort", onAbort);
      }
      const pollers = this.#pollers.get(subscription);
      const poller = pollers?.shift();
      if (pollers?.length === 0) this.#pollers.delete(subscription);
      if (poller) return this.#deliver(pending, poller);
      const queue = this.#queues.get(subscription) ?? [];
      queue.push(pending);
      this.#queues.set(subscription, queue);
      pending.timer = setTimeout(() => this.#fail(pending, new RpcError("fail",
        `the polling endpoint ${subscription} did not collect the request within ${this.#o.requestQueueTimeoutMs} ms`,
        { kind: "queue-timeout" })), this.#o.requestQueueTimeoutMs);
    });
  }

  /**
   * One long-poll on `connection`: first settles `response` (if any), then hands back the oldest queued
   * request, or waits for one until the null-message interval passes (resolves null).
   */
  poll(subscription: string, connection: Connection, response?: PolledResponse): Promise<PolledRequest | null> {
    if (response) this.#respond(response);
    if (this.#closed) return Promise.resolve(null);
    const queue = this.#queues.get(subscription);
    const next = queue?.shift();
    if (queue?.length === 0) this.#queues.delete(subscription);
    return new Promise((deliver) => {
      const poller: Poller = { subscription, connection, deliver, timer: undefined as unknown as NodeJS.Timeout };
      if (next) return this.#deliver(next, poller);
      poller.timer = setTimeout(() => {
        this.#removePoller(poller);
        this.#o.onNullMessage?.();
        deliver(null);
      }, this.#o.queueWaitTimeoutMs);
      const pollers = this.#pollers.get(subscription) ?? [];
      pollers.push(poller);
      this.#pollers.set(subscription, pollers);
      this.#waitingOn.set(connection, poller);
    });
  }

  /** The connection closed: its waiting polls go away; requests it collected fail as outcome unknown. */
  connectionClosed(connection: Connection): void {
    const poller = this.#waitingOn.get(connection);
    if (poller) {
      clearTimeout(poller.timer);
      this.#removePoller(poller);
    }
    for (const pending of [...(this.#collectedOn.get(connection) ?? [])]) {
      this.#fail(pending, new RpcError("info", `polling connection of ${pending.subscription} closed after it collected the request`, { kind: "polling-disconnected" }));
    }
  }

  /** Fails everything queued or in flight and answers waiting polls with null; later sends fail at once. */
  close(reason: string): void {
    this.#closed = reason;
    for (const queue of [...this.#queues.values()]) for (const p of [...queue]) this.#fail(p, new RpcError("fail", reason, { kind: "node-stopping" }));
    for (const p of [...this.#inFlight.values()]) this.#fail(p, new RpcError("info", reason, { kind: "node-stopping" }));
    for (const pollers of this.#pollers.values()) for (const p of pollers) { clearTimeout(p.timer); p.deliver(null); }
    this.#pollers.clear();
    this.#waitingOn.clear();
  }

  /** Queued (uncollected) requests, the oldest one's age, and requests collected awaiting a response. */
  stats(): { depth: number; oldestAgeMs: number; inFlight: number; subscriptionsWaiting: number } {
    let depth = 0;
    let oldest = Infinity;
    for (const queue of this.#queues.values()) {
      depth += queue.length;
      if (queue[0]) oldest = Math.min(oldest, queue[0].enqueuedAtMs);
    }
    return { depth, oldestAgeMs: depth > 0 ? this.#now() - oldest : 0, inFlight: this.#inFlight.size, subscriptionsWaiting: this.#pollers.size };
  }

  #deliver(pending: Pending, poller: Poller): void {
    clearTimeout(pending.timer);
    clearTimeout(poller.timer);
    if (this.#waitingOn.get(poller.connection) === poller) this.#waitingOn.delete(poller.connection);
    pending.connection = poller.connection;
    this.#inFlight.set(pending.request.id, pending);
    const collected = this.#collectedOn.get(poller.connection) ?? new Set();
    collected.add(pending);
    this.#collectedOn.set(poller.connection, collected);
    this.#o.onCollected?.(this.#now() - pending.enqueuedAtMs);
    pending.timer = setTimeout(() => this.#fail(pending, new RpcError("info",
      `no response from polling tentacle ${pending.subscription} within ${this.#o.receiveResponseTimeoutMs} ms`,
      { kind: "response-timeout" })), this.#o.receiveResponseTimeoutMs);
    poller.deliver(pending.request);
  }

  #respond(response: PolledResponse): void {
    const pending = this.#inFlight.get(response.id);
    if (!pending) return; // timed out or failed already
    this.#settle(pending);
    pending.resolve(response);
  }

  #fail(pending: Pending, error: RpcError): void {
    if (!this.#settle(pending)) return;
    pending.reject(error);
  }

  /** Removes the request from wherever it is; false when it was settled already. */
  #settle(pending: Pending): boolean {
    clearTimeout(pending.timer);
    pending.detach?.();
    if (this.#inFlight.delete(pending.request.id)) {
      const collected = pending.connection && this.#collectedOn.get(pending.connection);
      if (collected && collected.delete(pending) && collected.size === 0) this.#collectedOn.delete(pending.connection!);
      return true;
    }
    const queue = this.#queues.get(pending.subscription);
    const index = queue?.indexOf(pending) ?? -1;
    if (index < 0) return false;
    queue!.splice(index, 1);
    if (queue!.length === 0) this.#queues.delete(pending.subscription);
    return true;
  }

  #removePoller(poller: Poller): void {
    if (this.#waitingOn.get(poller.connection) === poller) this.#waitingOn.delete(poller.connection);
    const pollers = this.#pollers.get(poller.subscription);
    const index = pollers?.indexOf(poller) ?? -1;
    if (index >= 0) pollers!.splice(index, 1);
    if (pollers?.length === 0) this.#pollers.delete(poller.subscription);
  }
}
