// Runs one claimed task on its owning node: a TaskHandle with a progress ticker (LastUpdatedTime,
// log flush, cancel / interruption / fencing checks every progressIntervalMs), the executor for the
// task's type, then the final write from how the execution ended.
import { performance } from "node:perf_hooks";
import type { ServerMetrics } from "../metrics.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import type { FinishOutcome } from "./finish-task.ts";
import { TaskHandle, type AbortReason, type TaskHandleDeps } from "./task-handle.ts";

/** Executes a task; resolves null on success or the error message that fails it. */
export type Executor = (handle: TaskHandle) => Promise<string | null>;

export interface RunTaskDeps extends TaskHandleDeps {
  metrics: ServerMetrics;
  progressIntervalMs: number;
  /** By task name ("Deploy", "Health"). */
  executors: Readonly<Record<string, Executor>>;
}

export const LOST_WRITE_MESSAGE =
  "concurrency conflict: the task row changed while this node held it and the write was not retried " +
  "(expected to affect 1 row, affected 0)";

export async function runTask(deps: RunTaskDeps, task: ServerTaskRecord, shutdown: AbortSignal): Promise<void> {
  const handle = new TaskHandle(deps, task, shutdown);
  const startMs = performance.now();
  const ticker = setInterval(() => void handle.progress(), deps.progressIntervalMs);
  let error: string | null;
  try {
    const executor = deps.executors[task.name];
    error = executor ? await executor(handle) : `no executor for task type "${task.name}"`;
  } catch (thrown) {
    deps.log("error", "task:execute:error", { taskId: task.id, error: thrown });
    error = `internal error: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  } finally {
    clearInterval(ticker);
  }
  try {
    await settle(deps, handle, startMs, error);
  } finally {
    handle.dispose();
  }
}

/** Fresh attempts at failing a task whose final write lost its compare-and-swap (each with the strategy's own retries). */
const LOST_FINAL_WRITE_ATTEMPTS = 10;

async function settle(deps: RunTaskDeps, handle: TaskHandle, startMs: number, error: string | null): Promise<void> {
  const task = handle.task;
  const outcome = outcomeOf(handle.abortReason, error);
  if (!outcome) return deps.log("warn", "task:execution:fenced", { taskId: task.id });
  let result = await handle.finish(outcome);
  // The final write itself lost to a concurrent writer (retries exhausted, or none: maxRetries 0). The
  // deployment fails on the conflict, as the production server's failed save did, instead of staying
  // Executing for ever; that write starts from a fresh read each time, until it lands or is fenced.
  for (let attempt = 0; "unwritten" in result && result.unwritten === "conflict" && attempt < LOST_FINAL_WRITE_ATTEMPTS; attempt++) {
    result = await handle.finish({ kind: "failed", error: LOST_WRITE_MESSAGE });
  }
  deps.metrics.taskDuration.observe({ outcome: "written" in result ? result.written : "Unwritten" }, (performance.now() - startMs) / 1000);
}

/** How an execution ended, as the final write sees it; null = fenced (the task is not ours to write). */
export function outcomeOf(reason: AbortReason | null, error: string | null): FinishOutcome | null {
  switch (reason) {
    case "fenced":
      return null;
    case "canceled":
      return { kind: "canceled" };
    case "conflict":
      return { kind: "failed", error: LOST_WRITE_MESSAGE };
    case "shutdown":
      return { kind: "failed", error: error ?? "node shut down" };
    case null:
      return error === null ? { kind: "success" } : { kind: "failed", error };
  }
}
