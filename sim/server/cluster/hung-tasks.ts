// Hung-task detection: running tasks whose LastUpdatedTime is older than hungTaskAfterMs are counted
// (sim_hung_tasks now, sim_hung_tasks_detected_total once per task) and logged; nothing is changed.
import type pg from "pg";
import type { Log } from "../log.ts";
import type { ServerMetrics } from "../metrics.ts";
import { selectHungTasks } from "../sql/selectHungTasks.ts";

export async function countHungTasks(
  deps: { pool: pg.Pool; metrics: ServerMetrics; log: Log; hungTaskAfterMs: number },
  seen: Set<string>,
): Promise<void> {
  const hung = await selectHungTasks(deps.pool, deps.hungTaskAfterMs);
  deps.metrics.hungTasks.set(hung.length);
  const fresh = hung.filter((id) => !seen.has(id));
  for (const id of fresh) seen.add(id);
  if (fresh.length === 0) return;
  deps.metrics.hungTasksDetected.inc(fresh.length);
  deps.log("warn", "leader:hung-tasks", { taskIds: fresh, hungTaskAfterMs: deps.hungTaskAfterMs });
}
