// Test-only: what a cluster test asserts after a fault: a bounded drain (poll until every task is
// terminal or the drain ends, then report the states as they are, so a hang fails the assertion with
// the states rather than a timeout), and the audit of each task read from task_event and task_log.
import { isLegalTransition, isTerminal, type TaskState } from "../contracts/index.ts";
import type { TestCluster } from "./cluster.ts";

export interface TaskOutcome {
  id: string;
  state: TaskState;
  serverNode: string | null;
  errorMessage: string | null;
  /** `from->to@node` per task_event row, in order. */
  events: string[];
  /** Transitions the table forbids, as `from->to`. */
  illegal: string[];
  /** task_log messages, in order. */
  log: string[];
}

/** Polls until every task is terminal or drainMs pass; returns each task's outcome either way. */
export async function drainTasks(cluster: TestCluster, taskIds: readonly string[], drainMs: number): Promise<TaskOutcome[]> {
  const deadline = Date.now() + drainMs;
  for (;;) {
    const { rows } = await cluster.pool.query<{ state: TaskState }>(`select state from server_task where id = any($1)`, [taskIds]);
    if (rows.every((row) => isTerminal(row.state)) || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Promise.all(taskIds.map((id) => taskOutcome(cluster, id)));
}

export async function taskOutcome(cluster: TestCluster, taskId: string): Promise<TaskOutcome> {
  const task = await cluster.task(taskId);
  const events = await cluster.events(taskId);
  const { rows: log } = await cluster.pool.query<{ message: string }>(`select message from task_log where task_id = $1 order by id`, [taskId]);
  return {
    id: taskId,
    state: task.State as TaskState,
    serverNode: task.ServerNode ?? null,
    errorMessage: task.ErrorMessage ?? null,
    events: events.map((e) => `${e.from_state}->${e.to_state}@${e.node}`),
    illegal: events
      .filter((e) => e.from_state !== null && !isLegalTransition(e.from_state as TaskState, e.to_state as TaskState))
      .map((e) => `${e.from_state}->${e.to_state}`),
    log: log.map((row) => row.message),
  };
}
