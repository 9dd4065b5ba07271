// Cluster-wide task counts per state (every state present, zero when none).
import { TASK_STATES, type TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function countTasksByState(db: Queryable): Promise<Record<TaskState, number>> {
  const result = await db.query<{ state: TaskState; count: string }>({
    name: "count_tasks_by_state",
    text: `select state, count(*) as count from server_task group by state`,
  });
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as Record<TaskState, number>;
  for (const row of result.rows) counts[row.state] = Number(row.count);
  return counts;
}
