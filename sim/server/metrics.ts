// Every metric a node exposes on GET /metrics (prom-client, one Registry per node, sim_ prefix,
// default label node=<nodeName>). This file is the one place metric names are defined. Names follow
// Prometheus conventions (base units, `_seconds`, `_total` on counters only, `_ratio`), and the label
// values every node can produce start at zero, so a series exists before its first event.
import client from "prom-client";
import { TASK_STATES, type TaskState } from "../contracts/index.ts";

/** Values read at scrape time (cluster-wide task counts from the DB, pool occupancy). */
export interface ScrapeSources {
  countTasksByState?: () => Promise<Record<TaskState, number>>;
  poolStats?: () => { inUse: number; waiting: number };
  /** Seconds since this node last wrote its heartbeat. */
  heartbeatAgeSeconds?: () => number;
  onScrapeError?: (error: unknown) => void;
}

/** The tentacle RPC services (sim/server/exec/rpc-client.ts) and how an RPC can end. */
export const RPC_SERVICES = ["start-script", "get-status", "cancel-script", "complete-script", "upload-file", "health"] as const;
export const RPC_OUTCOMES = ["ok", "fail", "info"] as const;
/** Operations of task writes (strategy updateTask) and of the mutex ("claim" = pickup, "rpc" = held across an RPC). */
export const TASK_WRITE_OPERATIONS = ["transition", "progress", "cancel", "completed", "expire", "interruption", "reclaim"] as const;
const MUTEX_OPERATIONS = ["claim", ...TASK_WRITE_OPERATIONS] as const;
/** Terminal states a task's duration is observed under, plus "Unwritten" (task-run.ts). */
const TASK_OUTCOMES = ["Success", "Failed", "Canceled", "TimedOut", "Unwritten"] as const;

const SECONDS_SHORT = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const SECONDS_LONG = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

export function makeServerMetrics(nodeName: string, sources: ScrapeSources = {}) {
  const registry = new client.Registry();
  registry.setDefaultLabels({ node: nodeName });
  const registers = [registry];
  client.collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    /** Tasks per state, cluster-wide (count query at scrape time). */
    tasks: new client.Gauge({
      name: "sim_tasks", help: "Tasks per state, cluster-wide, counted at scrape time", labelNames: ["state"], registers,
      async collect() {
        if (!sources.countTasksByState) return;
        try {
          const counts = await sources.countTasksByState();
          for (const state of TASK_STATES) this.set({ state }, counts[state]);
        } catch (error) {
          sources.onScrapeError?.(error);
        }
      },
    }),
    /** Tasks this node is executing now. */
    nodeActiveTasks: new client.Gauge({ name: "sim_node_active_tasks", help: "Tasks executing on this node", registers }),
    nodeTaskCap: new client.Gauge({ name: "sim_node_task_cap", help: "This node's task cap (MaxConcurrentTasks), read each poll", registers }),
    nodeCapUtilisation: new client.Gauge({ name: "sim_node_cap_utilisation_ratio", help: "Active tasks / task cap of this node (0..1)", registers }),
    isLeader: new client.Gauge({ name: "sim_node_is_leader", help: "1 while this node is the leader", registers }),
    heartbeatAge: new client.Gauge({
      name: "sim_heartbeat_age_seconds", help: "Seconds since this node last wrote its heartbeat", registers,
      collect() { if (sources.heartbeatAgeSeconds) this.set(sources.heartbeatAgeSeconds()); },
    }),
    /** Running tasks of dead nodes failed by the leader, and orphans failed by a restarted node. */
    reclaims: new client.Counter({ name: "sim_reclaimed_tasks_total", help: "Orphaned tasks failed (dead-node, restart, hung)", labelNames: ["reason"], registers }),
    /** Leader only: running tasks with no progress write for hungTaskAfterMs. */
    hungTasks: new client.Gauge({ name: "sim_hung_tasks", help: "Running tasks without progress (leader's last check)", registers }),
    hungTasksDetected: new client.Counter({ name: "sim_hung_tasks_detected_total", help: "Tasks first seen hung", registers }),
    /** QueueTime -> StartTime of each task this node picked up. */
    taskQueueWait: new client.Histogram({
      name: "sim_task_queue_wait_seconds", help: "Queue wait (queue_time to start_time) of picked tasks", buckets: SECONDS_LONG, registers,
    }),
    /** StartTime -> completion of each task this node executed, by outcome (terminal state). */
    taskDuration: new client.Histogram({
      name: "sim_task_duration_seconds", help: "Execution time of tasks by outcome", labelNames: ["outcome"], buckets: SECONDS_LONG, registers,
    }),
    pickupCycles: new client.Counter({ name: "sim_pickup_cycles_total", help: "Queue polls that tried to claim tasks", registers }),
    tasksPicked: new client.Counter({ name: "sim_tasks_picked_total", help: "Tasks claimed by this node", registers }),
    /** pessimistic: time to acquire the cluster-wide mutex. */
    mutexWait: new client.Histogram({
      name: "sim_mutex_wait_seconds", help: "Wait for the cluster-wide mutex", labelNames: ["operation"], buckets: SECONDS_SHORT, registers,
    }),
    /** pessimistic: time the cluster-wide mutex was held, by operation. */
    mutexHold: new client.Histogram({
      name: "sim_mutex_hold_seconds", help: "Hold of the cluster-wide mutex", labelNames: ["operation"], buckets: SECONDS_SHORT, registers,
    }),
    /** pessimistic: time to row-lock the task (select ... for update) before a write. */
    rowLockWait: new client.Histogram({
      name: "sim_row_lock_wait_seconds", help: "Wait for a task row lock", labelNames: ["operation"], buckets: SECONDS_SHORT, registers,
    }),
    /** optimistic: version compare-and-swap found the row changed. */
    concurrencyConflicts: new client.Counter({
      name: "sim_concurrency_conflicts_total", help: "Version conflicts on task writes", labelNames: ["operation"], registers,
    }),
    concurrencyRetries: new client.Counter({
      name: "sim_concurrency_retries_total", help: "Task writes retried after a conflict", labelNames: ["operation"], registers,
    }),
    /** Transitions refused because the transition table forbids them. */
    illegalTransitions: new client.Counter({
      name: "sim_illegal_transitions_total", help: "Refused illegal state transitions", labelNames: ["from", "to"], registers,
    }),
    /** One observation per tentacle RPC; outcome ok | fail | info (timeout/unknown). */
    rpcDuration: new client.Histogram({
      name: "sim_rpc_duration_seconds", help: "Tentacle RPC latency", labelNames: ["service", "outcome"], buckets: SECONDS_SHORT, registers,
    }),
    rpcInFlight: new client.Gauge({ name: "sim_rpc_in_flight", help: "Tentacle RPCs in flight from this node", labelNames: ["service"], registers }),
    /** REST API latency by route template and status code. */
    httpDuration: new client.Histogram({
      name: "sim_http_request_duration_seconds", help: "REST API latency", labelNames: ["route", "status"], buckets: SECONDS_SHORT, registers,
    }),
    dbPoolInUse: new client.Gauge({
      name: "sim_db_pool_in_use", help: "Checked-out pool connections", registers,
      collect() { if (sources.poolStats) this.set(sources.poolStats().inUse); },
    }),
    dbPoolWaiting: new client.Gauge({
      name: "sim_db_pool_waiting", help: "Queries waiting for a pool connection", registers,
      collect() { if (sources.poolStats) this.set(sources.poolStats().waiting); },
    }),
  };
  for (const operation of MUTEX_OPERATIONS) {
    metrics.mutexWait.zero({ operation });
    metrics.mutexHold.zero({ operation });
  }
  for (const operation of TASK_WRITE_OPERATIONS) {
    metrics.rowLockWait.zero({ operation });
    metrics.concurrencyConflicts.inc({ operation }, 0);
    metrics.concurrencyRetries.inc({ operation }, 0);
  }
  for (const service of RPC_SERVICES) {
    metrics.rpcInFlight.set({ service }, 0);
    for (const outcome of RPC_OUTCOMES) metrics.rpcDuration.zero({ service, outcome });
  }
  for (const outcome of TASK_OUTCOMES) metrics.taskDuration.zero({ outcome });
  return metrics;
}

export type ServerMetrics = ReturnType<typeof makeServerMetrics>;

/** Every sim_ metric name, for documentation and tests. */
export const SIM_METRIC_NAMES = [
  "sim_tasks", "sim_node_active_tasks", "sim_node_task_cap", "sim_node_cap_utilisation_ratio", "sim_node_is_leader",
  "sim_heartbeat_age_seconds", "sim_reclaimed_tasks_total", "sim_hung_tasks", "sim_hung_tasks_detected_total",
  "sim_task_queue_wait_seconds", "sim_task_duration_seconds", "sim_pickup_cycles_total", "sim_tasks_picked_total",
  "sim_mutex_wait_seconds", "sim_mutex_hold_seconds", "sim_row_lock_wait_seconds", "sim_concurrency_conflicts_total",
  "sim_concurrency_retries_total", "sim_illegal_transitions_total", "sim_rpc_duration_seconds", "sim_rpc_in_flight",
  "sim_http_request_duration_seconds", "sim_db_pool_in_use", "sim_db_pool_waiting",
] as const;

/** Default process metrics worth reading next to the sim_ ones (prom-client collectDefaultMetrics). */
export const PROCESS_METRIC_NAMES = ["nodejs_eventloop_lag_seconds", "process_cpu_seconds_total", "process_resident_memory_bytes"] as const;
