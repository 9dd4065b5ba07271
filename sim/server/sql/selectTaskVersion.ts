// Reads one task's state and version without locking (the optimistic strategy's reload).
import type { Queryable } from "../db.ts";
import type { TaskVersion } from "../task-record.ts";

export async function selectTaskVersion(db: Queryable, taskId: string): Promise<TaskVersion | null> {
  const result = await db.query<TaskVersion>({
    name: "select_task_version",
    text: `select id, state, version from server_task where id = $1`,
    values: [taskId],
  });
  return result.rows[0] ?? null;
}
