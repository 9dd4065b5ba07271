// A node's reconciliation: it compares the running tasks the database says it owns with the executions
// it runs, once its database answers after a claim failed or while it keeps unsettled tasks. A task it
// runs: nothing to do. An unsettled one: settled now (its final write, or its failure with the reason).
// One it never launched (a claim that committed but whose reply was lost): nothing of it ran on this
// node (its execution would have launched it), so an Executing one is launched now, a Cancelling one
// becomes Canceled. Unsettled tasks no longer among its running tasks were ended by another writer.
import type pg from "pg";
import { selectOwnedRunningTasks } from "../sql/selectOwnedRunningTasks.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { finishTask, type FinishDeps } from "./finish-task.ts";
import type { UnsettledTasks } from "./unsettled-tasks.ts";

export interface ReconcileDeps extends FinishDeps {
  pool: pg.Pool;
}

/** Throws when the owned tasks cannot be read (the database is still away); unsettled tasks then stay kept. */
export async function reconcileOwnedTasks(
  deps: ReconcileDeps,
  running: { has(taskId: string): boolean },
  unsettled: UnsettledTasks,
  launch: (task: ServerTaskRecord) => void,
): Promise<void> {
  const owned = (await selectOwnedRunningTasks(deps.pool, deps.nodeName)).filter((task) => !running.has(task.id));
  const gone = unsettled.forgetAllBut(new Set(owned.map((task) => task.id)));
  if (gone.length > 0) deps.log("info", "task:reconcile:ended-elsewhere", { taskIds: gone });
  for (const task of owned) {
    const kept = unsettled.take(task.id);
    if (kept) {
      deps.log("info", "task:reconcile:settle", { taskId: task.id, why: kept.why });
      if ((await kept.settle()) === "unreachable") unsettled.keep(kept);
    } else if (task.state === "Executing") {
      deps.log("warn", "task:reconcile:launch", { taskId: task.id, why: "claimed by this node but never started (the claim's reply was lost)" });
      launch(task);
    } else {
      const message = `canceled before node ${deps.nodeName} started it (the reply to its claim was lost)`;
      deps.log("warn", "task:reconcile:cancel", { taskId: task.id });
      await finishTask(deps, task.id, { kind: "canceled" }, [{ time: new Date(), category: "Warning", message }], task, null);
    }
  }
}
