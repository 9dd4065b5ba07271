// The leader queues a Health task (a system task: concurrency tag = its name) when one is due.
import type pg from "pg";
import { withTransaction } from "../db.ts";
import { selectHealthCheckDue } from "../sql/selectHealthCheckDue.ts";
import { createQueuedTask, type TransitionDeps } from "../transitions.ts";

export async function queueHealthCheckIfDue(deps: TransitionDeps & { pool: pg.Pool }, intervalMs: number): Promise<void> {
  if (!(await selectHealthCheckDue(deps.pool, intervalMs))) return;
  const task = await withTransaction(deps.pool, (client) => createQueuedTask(deps, client, {
    name: "Health", description: "Check the health of every machine", projectId: null, environmentId: null, concurrencyTag: "Health",
  }));
  deps.log("info", "leader:health-check:queued", { taskId: task.id });
}
