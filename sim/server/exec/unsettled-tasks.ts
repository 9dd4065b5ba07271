// The running tasks a node still owns but no execution of it settles any more: the final write did
// not land (the database kept failing past the retry bound), was refused, or the execution failed
// unexpectedly. Each keeps how to settle it; the task loop's reconciliation tries again once the
// database answers (reconcile.ts). In memory only: after a restart the node fails them as orphans.
import type { TaskLogLine } from "../sql/insertTaskLogLines.ts";
import { finishTask, type FinishDeps } from "./finish-task.ts";

export interface UnsettledTask {
  taskId: string;
  /** Why it is unsettled (for the log). */
  why: string;
  /** One attempt at settling it; "unreachable" = the database failed, try again later. */
  settle(): Promise<"settled" | "unreachable">;
}

export class UnsettledTasks {
  readonly #tasks = new Map<string, UnsettledTask>();

  get size(): number {
    return this.#tasks.size;
  }

  keep(task: UnsettledTask): void {
    this.#tasks.set(task.taskId, task);
  }

  /** Removes and returns the task's entry, if any. */
  take(taskId: string): UnsettledTask | undefined {
    const task = this.#tasks.get(taskId);
    this.#tasks.delete(taskId);
    return task;
  }

  /** Forgets the tasks not in `owned` (another writer ended them meanwhile); returns their ids. */
  forgetAllBut(owned: ReadonlySet<string>): string[] {
    const gone = [...this.#tasks.keys()].filter((taskId) => !owned.has(taskId));
    for (const taskId of gone) this.#tasks.delete(taskId);
    return gone;
  }
}

/** A running task this node must fail, saying why (in its error, its event and its log); fenced like any final write. */
export function toFail(deps: FinishDeps, taskId: string, why: string, error: string): UnsettledTask {
  return {
    taskId,
    why,
    async settle() {
      const line: TaskLogLine = { time: new Date(), category: "Error", message: error };
      try {
        await finishTask(deps, taskId, { kind: "failed", error }, [line], undefined, null);
        return "settled";
      } catch (thrown) {
        deps.log("warn", "task:reconcile:error", { taskId, error: thrown });
        return "unreachable";
      }
    },
  };
}
