// The node's task loop: every pollIntervalMs (a timer per node, first poll at start) it reads the
// cluster load, applies the pickup rule (drain, task cap, balance ratio: pickup-plan.ts), claims that
// many Queued tasks through the strategy and runs each; at its cap it reads only its own row. After a
// claim that failed (its reply may have been lost) or while it keeps unsettled tasks, a poll first
// reconciles the tasks the node owns (reconcile.ts). stop() stops claiming, aborts running executions
// (they end Failed: the node shut down) and waits for them.
import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import type { Log } from "../log.ts";
import type { ServerMetrics } from "../metrics.ts";
import { selectClusterLoad } from "../sql/selectClusterLoad.ts";
import { selectNodeCap } from "../sql/selectNodeCap.ts";
import type { Strategy } from "../strategies/index.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { tasksToPick } from "./pickup-plan.ts";
import { reconcileOwnedTasks } from "./reconcile.ts";
import { toFail, type UnsettledTasks } from "./unsettled-tasks.ts";

/** Runs a claimed task to its end (final write included); `shutdown` fires when the node stops. */
export type RunClaimedTask = (task: ServerTaskRecord, shutdown: AbortSignal) => Promise<void>;

export interface TaskLoopDeps {
  pool: pg.Pool;
  nodeName: string;
  strategy: Strategy;
  runTask: RunClaimedTask;
  pollIntervalMs: number;
  offlineAfterMs: number;
  metrics: ServerMetrics;
  log: Log;
  /** Tasks this node owns that no execution settles any more (filled by executions, emptied by reconciliation). */
  unsettled: UnsettledTasks;
}

export interface RunningTaskLoop {
  activeCount(): number;
  stop(): Promise<void>;
}

export function startTaskLoop(deps: TaskLoopDeps): RunningTaskLoop {
  const { metrics, log } = deps;
  const active = new Map<string, Promise<void>>();
  const shutdown = new AbortController();
  setMaxListeners(0, shutdown.signal); // every running task's handle listens to it: there can be hundreds
  let timer: NodeJS.Timeout | undefined;
  let currentTick: Promise<void> = Promise.resolve();
  let stopped = false;
  let nodeCap = 0;
  /** A claim failed: it may have committed without this node knowing, so its owned tasks are read again. */
  let reconcileDue = false;

  const setActiveGauges = () => {
    metrics.nodeActiveTasks.set(active.size);
    metrics.nodeCapUtilisation.set(nodeCap > 0 ? active.size / nodeCap : 0);
  };

  const launch = (task: ServerTaskRecord) => {
    metrics.tasksPicked.inc();
    if (task.startTime) metrics.taskQueueWait.observe((task.startTime.getTime() - task.queueTime.getTime()) / 1000);
    const run = deps.runTask(task, shutdown.signal)
      .catch((error) => {
        log("error", "task:run:error", { taskId: task.id, error });
        const message = `node ${deps.nodeName} lost track of the execution: ${error instanceof Error ? error.message : String(error)}`;
        deps.unsettled.keep(toFail(deps, task.id, "execution failed unexpectedly", message));
      })
      .finally(() => {
        active.delete(task.id);
        setActiveGauges();
      });
    active.set(task.id, run);
    setActiveGauges();
  };

  const setNodeCap = (cap: number) => {
    nodeCap = cap;
    metrics.nodeTaskCap.set(cap);
    setActiveGauges();
  };

  const cycle = async () => {
    if (reconcileDue || deps.unsettled.size > 0) {
      await reconcileOwnedTasks(deps, active, deps.unsettled, launch);
      reconcileDue = false;
    }
    // At its cap (as last read) the node can pick nothing unless the cap was raised meanwhile, and its
    // own row says whether it was: most polls of a busy node end here, without counting the cluster.
    if (active.size >= nodeCap) {
      const own = await selectNodeCap(deps.pool, deps.nodeName);
      if (!own) return log("warn", "node:row:missing", {});
      setNodeCap(own.nodeCap);
      if (own.draining || active.size >= own.nodeCap) return;
    }
    const load = await selectClusterLoad(deps.pool, deps.nodeName, deps.offlineAfterMs, active.size);
    if (!load) return log("warn", "node:row:missing", {});
    setNodeCap(load.nodeCap);
    const limit = tasksToPick({ ...load, nodeActive: active.size });
    if (limit === 0) return;
    metrics.pickupCycles.inc();
    const claimed = await deps.strategy.claimTasks(limit).catch((error: unknown) => {
      reconcileDue = true;
      throw error;
    });
    if (claimed.length > 0) log("debug", "task:claim", { taskIds: claimed.map((task) => task.id) });
    for (const task of claimed) {
      if (active.has(task.id)) log("error", "task:claim:already-running", { taskId: task.id });
      else launch(task);
    }
  };

  const tick = async () => {
    const startMs = performance.now();
    try {
      await cycle();
    } catch (error) {
      log("warn", "task:claim:error", { error });
    }
    if (stopped) return;
    timer = setTimeout(() => {
      currentTick = tick();
    }, Math.max(0, deps.pollIntervalMs - (performance.now() - startMs)));
  };
  currentTick = tick();

  return {
    activeCount: () => active.size,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await currentTick; // a claim in flight launches its tasks, which then see the abort
      shutdown.abort();
      await Promise.allSettled(active.values());
    },
  };
}
