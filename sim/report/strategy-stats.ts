// Per-strategy numbers of summary.json from the history and the final state (pure). Counts are over
// the tasks the load saw accepted; see StrategySummary in contracts/summary.ts for each definition.
import type { FinalState, HistoryOp, StrategySummary, TaskRow, TaskState } from "../contracts/index.ts";
import { percentiles } from "../contracts/index.ts";
import { acceptedTaskIds } from "../history/index.ts";

/** Terminal states counted as "failed" (everything terminal but Success). */
export const FAILED_STATES: ReadonlySet<TaskState> = new Set(["Failed", "TimedOut", "Canceled"]);

export type TaskStats = Pick<StrategySummary, "accepted" | "completed" | "failed" | "unfinished" | "throughputPerMin" | "queueWaitMs" | "taskDurationMs">;

/**
 * throughputPerMin = completed / minutes from loadStartMs to the last CompletedTime among completed
 * tasks (the makespan of the accepted work, so a drain after the load counts). 0 when nothing completed.
 */
export function taskStats(history: readonly HistoryOp[], finalState: FinalState, loadStartMs: number, accepted?: readonly string[]): TaskStats {
  const ids = new Set(accepted ?? acceptedTaskIds(history));
  const byId = new Map<string, TaskRow>();
  for (const task of finalState.tasks) byId.set(task.id, task);
  let completed = 0;
  let failed = 0;
  let lastCompletionMs = -Infinity;
  const queueWaits: number[] = [];
  const durations: number[] = [];
  for (const id of ids) {
    const task = byId.get(id);
    if (!task) continue;
    if (task.startTimeMs !== null) queueWaits.push(task.startTimeMs - task.queueTimeMs);
    if (task.state === "Success") {
      completed++;
      if (task.completedTimeMs !== null) {
        lastCompletionMs = Math.max(lastCompletionMs, task.completedTimeMs);
        if (task.startTimeMs !== null) durations.push(task.completedTimeMs - task.startTimeMs);
      }
    } else if (FAILED_STATES.has(task.state)) failed++;
  }
  const windowMs = Math.max(1, lastCompletionMs - loadStartMs);
  return {
    accepted: ids.size,
    completed,
    failed,
    unfinished: ids.size - completed - failed,
    throughputPerMin: completed === 0 || lastCompletionMs === -Infinity ? 0 : (completed * 60_000) / windowMs,
    queueWaitMs: percentiles(queueWaits),
    taskDurationMs: percentiles(durations),
  };
}
