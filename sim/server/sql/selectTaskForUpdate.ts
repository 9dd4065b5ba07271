// Reads one task's state and version and row-locks it until the transaction ends (pessimistic writes).
import type { Queryable } from "../db.ts";
import type { TaskVersion } from "../task-record.ts";

export async function selectTaskForUpdate(db: Queryable, taskId: string): Promise<TaskVersion | null> {
  const result = await db.query<TaskVersion>({
    name: "select_task_for_update",
    text: `select id, state, version from server_task where id = $1 for update`,
    values: [taskId],
  });
  return result.rows[0] ?? null;
}
