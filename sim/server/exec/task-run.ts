// Runs one claimed task on its owning node: a TaskHandle with a progress ticker (LastUpdatedTime,
// log flush, cancel / interruption / fencing checks every progressIntervalMs), the executor for the
// task's type, then the final write from how the execution ended. A final write the database keeps
// failing past the retry bound (or one refused) leaves the task with the node's unsettled tasks: the
// node still owns it and settles it when its database answers again (reconcile.ts).
import { performance } from "node:perf_hooks";
import type { ServerMetrics } from "../metrics.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import type { FinishOutcome, FinishResult } from "./finish-task.ts";
import { TaskHandle, type AbortReason, type TaskHandleDeps } from "./task-handle.ts";
import { toFail, type UnsettledTasks } from "./unsettled-tasks.ts";

/** Executes a task; resolves null on success or the error message that fails it. */
export type Executor = (handle: TaskHandle) => Promise<string | null>;

export interface RunTaskDeps extends TaskHandleDeps {
  metrics: ServerMetrics;
  progressIntervalMs: number;
  /** By task name ("Deploy", "Health"). */
  executors: Readonly<Record<string, Executor>>;
  /** Where a task whose final write did not land is left for reconciliation. */
  unsettled: UnsettledTasks;
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
  const observe = (result: FinishResult) =>
    deps.metrics.taskDuration.observe({ outcome: "written" in result ? result.written : "Unwritten" }, (performance.now() - startMs) / 1000);
  const result = await writeOutcome(deps, handle, outcome, true);
  if (result === "unreachable" || unwritten(result) === "conflict") {
    deps.log("warn", "task:finish:deferred", { taskId: task.id, outcome: outcome.kind, why: result === "unreachable" ? "database unreachable" : "conflict" });
    return deps.unsettled.keep({
      taskId: task.id,
      why: "final write not written",
      async settle() {
        const later = await writeOutcome(deps, handle, outcome, false);
        if (later === "unreachable") return "unreachable";
        observe(later);
        return "settled";
      },
    });
  }
  // Still this node's running task, but the table refused the outcome: it fails, saying why.
  if (unwritten(result) === "illegal") {
    return deps.unsettled.keep(toFail(deps, task.id, "final write refused",
      `the final write (${outcome.kind}) was refused as an illegal transition; task failed by node ${deps.nodeName}`));
  }
  observe(result);
}

const unwritten = (result: FinishResult) => ("unwritten" in result ? result.unwritten : null);

/**
 * The final write, with the fallback when it loses its compare-and-swap: the deployment fails on the
 * conflict, as the production server's failed save did, instead of staying Executing for ever; that
 * write starts from a fresh read each time, until it lands or is fenced. "unreachable": the database
 * kept failing (the outcome may have landed; the next attempt recognises it).
 */
async function writeOutcome(deps: RunTaskDeps, handle: TaskHandle, outcome: FinishOutcome, retry: boolean): Promise<FinishResult | "unreachable"> {
  try {
    let result = await handle.finish(outcome, retry);
    for (let attempt = 0; "unwritten" in result && result.unwritten === "conflict" && attempt < LOST_FINAL_WRITE_ATTEMPTS; attempt++) {
      result = await handle.finish({ kind: "failed", error: LOST_WRITE_MESSAGE }, retry);
    }
    return result;
  } catch (error) {
    deps.log("warn", "task:finish:unreachable", { taskId: handle.task.id, error });
    return "unreachable";
  }
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
