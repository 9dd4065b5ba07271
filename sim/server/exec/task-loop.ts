// The node's task loop: every pollIntervalMs (a timer per node, first poll at start) it claims up to
// taskCap - active Queued tasks through the strategy and executes each; a finished task is moved to
// Success or Failed. stop() stops claiming, aborts running executions and waits for them to settle.
import { performance } from "node:perf_hooks";
import type { Log } from "../log.ts";
import type { ServerMetrics } from "../metrics.ts";
import type { Strategy } from "../strategies/index.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import type { TaskWriter } from "../task-writer.ts";

/** Runs a claimed task; resolves null on success or the error message that fails it. */
export type ExecuteTask = (task: ServerTaskRecord, signal: AbortSignal) => Promise<string | null>;

export interface TaskLoopDeps {
  strategy: Strategy;
  writer: TaskWriter;
  execute: ExecuteTask;
  taskCap: number;
  pollIntervalMs: number;
  metrics: ServerMetrics;
  log: Log;
}

export interface RunningTaskLoop {
  activeCount(): number;
  /** A draining node finishes its tasks but claims no new ones. */
  setDraining(isDraining: boolean): void;
  stop(): Promise<void>;
}

export function startTaskLoop(deps: TaskLoopDeps): RunningTaskLoop {
  const { metrics, log } = deps;
  const active = new Map<string, Promise<void>>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let currentTick: Promise<void> = Promise.resolve();
  let stopped = false;
  let draining = false;

  const finish = async (task: ServerTaskRecord, startMs: number) => {
    let error: string | null;
    try {
      error = await deps.execute(task, abort.signal);
    } catch (thrown) {
      log("error", "task:execute:error", { taskId: task.id, error: thrown });
      error = `internal error: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
    }
    const to = error === null ? "Success" : "Failed";
    const request = error === null ? { to, reason: "completed" } as const : { to, reason: "failed", errorMessage: error } as const;
    const written = await deps.writer.transition(task.id, request);
    if (!written.ok || written.value.kind !== "applied") log("error", "task:finish:unwritten", { taskId: task.id, to, written });
    metrics.taskDuration.observe({ outcome: to }, (performance.now() - startMs) / 1000);
  };

  const launch = (task: ServerTaskRecord) => {
    metrics.tasksPicked.inc();
    if (task.startTime) metrics.taskQueueWait.observe((task.startTime.getTime() - task.queueTime.getTime()) / 1000);
    const run = finish(task, performance.now())
      .catch((error) => log("error", "task:finish:error", { taskId: task.id, error }))
      .finally(() => {
        active.delete(task.id);
        metrics.nodeActiveTasks.set(active.size);
      });
    active.set(task.id, run);
    metrics.nodeActiveTasks.set(active.size);
  };

  const cycle = async () => {
    const free = deps.taskCap - active.size;
    if (draining || free <= 0) return;
    metrics.pickupCycles.inc();
    const claimed = await deps.strategy.claimTasks(free);
    if (claimed.length > 0) log("debug", "task:claim", { taskIds: claimed.map((task) => task.id) });
    for (const task of claimed) launch(task);
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
    setDraining: (isDraining) => {
      draining = isDraining;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await currentTick; // a claim in flight launches its tasks, which then see the abort
      abort.abort();
      await Promise.allSettled(active.values());
    },
  };
}
