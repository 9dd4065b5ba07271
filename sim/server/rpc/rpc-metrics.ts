// RPC and polling metrics of one node, registered on the node's registry next to metrics.ts (which
// keeps sim_rpc_duration_seconds{service,outcome}): errors and timeouts by kind, retries, pooled
// connections, polling connects (rate() of the counter = connects/s; the gauge keeps the busiest
// second, which 1 s scrapes can miss), open polling connections, and the pending-request queue's
// depth and oldest age, read at scrape time.
import client from "prom-client";

export interface RpcScrapeSources {
  /** Listening keep-alive pool: sockets in use and idle. */
  pool?: () => { active: number; free: number };
  /** Polling queue: requests waiting to be collected and the age of the oldest, ms. */
  queue?: () => { depth: number; oldestAgeMs: number; inFlight: number };
  /** Polling endpoint connects in the busiest one-second window since start. */
  connectRate?: () => { peak: number };
}

export const RPC_METRIC_NAMES = [
  "sim_rpc_errors_total", "sim_rpc_timeouts_total", "sim_rpc_retries_total", "sim_rpc_pooled_connections",
  "sim_polling_connects_total", "sim_polling_connects_peak", "sim_polling_connections", "sim_polling_queue_depth", "sim_polling_queue_oldest_age_seconds",
  "sim_polling_in_flight", "sim_polling_null_messages_total", "sim_polling_collect_wait_seconds",
] as const;

const COLLECT_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function makeRpcMetrics(registry: client.Registry, sources: RpcScrapeSources = {}) {
  const registers = [registry];
  // A node makes one RPC client; tests may make several on one registry, so reuse what exists.
  const reuse = <M>(name: string, make: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? make();
  return {
    errors: reuse("sim_rpc_errors_total", () => new client.Counter({
      name: "sim_rpc_errors_total", help: "Failed RPC attempts by service and error kind", labelNames: ["service", "kind"], registers,
    })),
    timeouts: reuse("sim_rpc_timeouts_total", () => new client.Counter({
      name: "sim_rpc_timeouts_total", help: "RPC timeouts by kind (connect, send, response, receive, queue)", labelNames: ["kind"], registers,
    })),
    retries: reuse("sim_rpc_retries_total", () => new client.Counter({
      name: "sim_rpc_retries_total", help: "RPC attempts after the first (Octopus retry layer)", labelNames: ["service"], registers,
    })),
    pooled: reuse("sim_rpc_pooled_connections", () => new client.Gauge({
      name: "sim_rpc_pooled_connections", help: "Listening keep-alive connections by state (active, free)", labelNames: ["state"], registers,
      collect() {
        const pool = sources.pool?.();
        if (pool) { this.set({ state: "active" }, pool.active); this.set({ state: "free" }, pool.free); }
      },
    })),
    pollingConnects: reuse("sim_polling_connects_total", () => new client.Counter({
      name: "sim_polling_connects_total", help: "TCP connections accepted by the polling endpoint", registers,
    })),
    connectsPeak: reuse("sim_polling_connects_peak", () => new client.Gauge({
      name: "sim_polling_connects_peak", help: "Polling endpoint connects in the busiest one-second window since the node started", registers,
      collect() { const r = sources.connectRate?.(); if (r) this.set(r.peak); },
    })),
    pollingConnections: reuse("sim_polling_connections", () => new client.Gauge({
      name: "sim_polling_connections", help: "Open polling connections", registers,
    })),
    queueDepth: reuse("sim_polling_queue_depth", () => new client.Gauge({
      name: "sim_polling_queue_depth", help: "Requests queued for polling tentacles, not yet collected", registers,
      collect() { const q = sources.queue?.(); if (q) this.set(q.depth); },
    })),
    queueOldestAge: reuse("sim_polling_queue_oldest_age_seconds", () => new client.Gauge({
      name: "sim_polling_queue_oldest_age_seconds", help: "Age of the oldest uncollected polling request", registers,
      collect() { const q = sources.queue?.(); if (q) this.set(q.oldestAgeMs / 1000); },
    })),
    inFlight: reuse("sim_polling_in_flight", () => new client.Gauge({
      name: "sim_polling_in_flight", help: "Polling requests collected and awaiting their response", registers,
      collect() { const q = sources.queue?.(); if (q) this.set(q.inFlight); },
    })),
    nullMessages: reuse("sim_polling_null_messages_total", () => new client.Counter({
      name: "sim_polling_null_messages_total", help: "Null (keep-alive) messages sent to waiting polls", registers,
    })),
    collectWait: reuse("sim_polling_collect_wait_seconds", () => new client.Histogram({
      name: "sim_polling_collect_wait_seconds", help: "Time a polling request waited in the queue before collection", buckets: COLLECT_BUCKETS, registers,
    })),
  };
}

export type RpcMetrics = ReturnType<typeof makeRpcMetrics>;
